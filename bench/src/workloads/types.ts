export interface WorkloadOptions {
  smoke: boolean;
}

export interface Result {
  workload: string;
  reference: string;
  kho: string;
  ref: string;
  /** Kho ÷ reference, higher is better. */
  ratio: number | null;
  target: number | null;
  extra?: string;
  memoryOk?: boolean;
}
