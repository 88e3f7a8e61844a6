// The policy module's public face for the rest of paysim (config, cli, api, runner).

export { resolvePolicySpec } from './resolve.js';
export type { PolicyResolution, PolicySpecContext, ResolvedPolicy } from './resolve.js';
export { validatePolicyDocument } from './validate.js';
export { validatePolicyFile, looksLikePolicyDocument } from './validate-file.js';
export { buildPolicySchema } from './schema.js';
export { buildPolicySpecSchema } from './spec-schema.js';
export { BUILTIN_POLICIES } from './builtins.js';
export { policyHash, effectiveDocument } from './identity.js';
