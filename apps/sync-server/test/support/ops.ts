/** The server's suites build ops with the core's shared test builders. */
export {
  hlcAt,
  nudgeOp,
  registerOp,
  sessionOp,
  sessionOps,
  sessionRecord,
} from '@unknot/stretch-model/testing';
