/** The registry of risk rules. A new rule is one module, one test beside it, and one line here. */
import { accountWithoutMultiFactor } from './account-without-multi-factor.js';
import { appWithoutServerAuthentication } from './app-without-server-authentication.js';
import { bystanderSensing } from './bystander-sensing.js';
import { cleartextAcrossBoundary } from './cleartext-across-boundary.js';
import { cleartextAdminService } from './cleartext-admin-service.js';
import { cloudDependentSafetyFunction } from './cloud-dependent-safety-function.js';
import { constrainedDeviceOnUntrustedNetwork } from './constrained-device-on-untrusted-network.js';
import { crossBorderTransferWithoutSafeguard } from './cross-border-transfer-without-safeguard.js';
import { deviceWithoutServerAuthentication } from './device-without-server-authentication.js';
import { extractableSecrets } from './extractable-secrets.js';
import { fleetWideActuation } from './fleet-wide-actuation.js';
import { identifyingTelemetry } from './identifying-telemetry.js';
import { internetExposedDeviceService } from './internet-exposed-device-service.js';
import { knownVulnerableComponent } from './known-vulnerable-component.js';
import { longLivedUnpatchableDevice } from './long-lived-unpatchable-device.js';
import { networkDebugService } from './network-debug-service.js';
import { noBruteForceProtection } from './no-brute-force-protection.js';
import { noDefinedSupportPeriod } from './no-defined-support-period.js';
import { noLegalBasis } from './no-legal-basis.js';
import { noSbom } from './no-sbom.js';
import { noSecureBoot } from './no-secure-boot.js';
import { noSecurityLogging } from './no-security-logging.js';
import { noUpdateMechanism } from './no-update-mechanism.js';
import { noUserDataDeletion } from './no-user-data-deletion.js';
import { noVulnerabilityDisclosureContact } from './no-vulnerability-disclosure-contact.js';
import { openServiceInSharedZone } from './open-service-in-shared-zone.js';
import { personalDataToThirdParty } from './personal-data-to-third-party.js';
import { personalDataWithoutPurpose } from './personal-data-without-purpose.js';
import { physicalDebugPort } from './physical-debug-port.js';
import { presenceInference } from './presence-inference.js';
import { publicSpaceSensing } from './public-space-sensing.js';
import type { RiskRule } from './rule.js';
import { sharedAccessToPersonalData } from './shared-access-to-personal-data.js';
import { sharedDefaultPassword } from './shared-default-password.js';
import { thirdPartyCommands } from './third-party-commands.js';
import { thirdPartyRemoteAccess } from './third-party-remote-access.js';
import { unauthenticatedDeviceService } from './unauthenticated-device-service.js';
import { unauthenticatedFlowAcrossBoundary } from './unauthenticated-flow-across-boundary.js';
import { unauthenticatedSafetyControl } from './unauthenticated-safety-control.js';
import { unencryptedDataStore } from './unencrypted-data-store.js';
import { unlimitedRetention } from './unlimited-retention.js';
import { unprotectedLogs } from './unprotected-logs.js';
import { unprotectedRadioLink } from './unprotected-radio-link.js';
import { unsignedUpdates } from './unsigned-updates.js';
import { weakApiAuthentication } from './weak-api-authentication.js';

/** Every rule, alphabetical by id. */
export const RULES: readonly RiskRule[] = [
  accountWithoutMultiFactor,
  appWithoutServerAuthentication,
  bystanderSensing,
  cleartextAcrossBoundary,
  cleartextAdminService,
  cloudDependentSafetyFunction,
  constrainedDeviceOnUntrustedNetwork,
  crossBorderTransferWithoutSafeguard,
  deviceWithoutServerAuthentication,
  extractableSecrets,
  fleetWideActuation,
  identifyingTelemetry,
  internetExposedDeviceService,
  knownVulnerableComponent,
  longLivedUnpatchableDevice,
  networkDebugService,
  noBruteForceProtection,
  noDefinedSupportPeriod,
  noLegalBasis,
  noSbom,
  noSecureBoot,
  noSecurityLogging,
  noUpdateMechanism,
  noUserDataDeletion,
  noVulnerabilityDisclosureContact,
  openServiceInSharedZone,
  personalDataToThirdParty,
  personalDataWithoutPurpose,
  physicalDebugPort,
  presenceInference,
  publicSpaceSensing,
  sharedAccessToPersonalData,
  sharedDefaultPassword,
  thirdPartyCommands,
  thirdPartyRemoteAccess,
  unauthenticatedDeviceService,
  unauthenticatedFlowAcrossBoundary,
  unauthenticatedSafetyControl,
  unencryptedDataStore,
  unlimitedRetention,
  unprotectedLogs,
  unprotectedRadioLink,
  unsignedUpdates,
  weakApiAuthentication,
];
