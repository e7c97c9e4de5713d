// Promise.withResolvers for Node 20 (PostGraphile 5 needs it; Node 22 has it), preloaded with --require.
const withResolvers = function () {
  let resolve, reject;
  const promise = new this((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};
if (!Promise.withResolvers) Promise.withResolvers = withResolvers;
