/**
 * The Partner Center fake, split by area under `partner-center-fake/`: shapes (seed and resource
 * shapes), paging (continuation tokens), routes (the call table), directory, customer and
 * subscription routes, and the server (auth per provider, faults, recording, idempotency).
 */
export { PartnerCenterStub } from './partner-center-fake/server.js';
export type { RecordedRequest, StubFault } from './partner-center-fake/server.js';
export type { StubRoute } from './partner-center-fake/routes.js';
export type {
  ProviderSeed,
  ProviderState,
  StubCustomer,
  StubError,
  StubPartner,
  StubRole,
  StubSeed,
  StubSubscription,
} from './partner-center-fake/shapes.js';
