/** Creates Kho's tables (the migrations) in a database, nothing else. */
import { openDatabase } from '@kho/schema';

const database = await openDatabase({ url: process.argv[2]!, poolSize: 1 });
await database.close();
