// The store layer's public surface: captures under the data root, and the viewer's settings file.

export {
  CAPTURES_DIR,
  UnsafeCapturePathError,
  buildCapturePath,
  formatUtcStamp,
  resolveCaptureFile,
  type CapturePathParts,
  type PodReference,
} from './capture-path.js';
export {
  BUNDLE_PROFILES,
  parseCaptureRecord,
  type BundleEntry,
  type BundleProfileName,
  type CaptureRecord,
} from './capture-record.js';
export { saveBundle, type BundleFile, type SaveBundleInput } from './bundle-store.js';
export { captureReportFile, recordCaptureReport, REPORT_SUFFIX } from './capture-report.js';
export {
  CaptureStoreError,
  listCaptures,
  readCaptureBytes,
  readCaptureRecord,
  saveCapture,
  TEMPORARY_SUFFIX,
  type ListCapturesOptions,
  type SaveCaptureInput,
} from './capture-store.js';
export { CaptureListing, captureListingOf, SETTLED_FOLDER_MS, type CaptureListingOptions } from './capture-listing.js';
export { measureCaptureBytes } from './capture-folders.js';
export {
  CaptureSweeper,
  FRESH_CAPTURE_MS,
  type CaptureDeletion,
  type CaptureSweeperOptions,
  type DeletionReason,
  type SweepOutcome,
} from './capture-sweeper.js';
export { SESSIONS_DIR, SessionRecords, type SessionRecord, type StoredSessionRecord } from './session-records.js';
export { isDnsLabel, isDnsSubdomain } from './kubernetes-names.js';
export {
  InvalidSavedConfigError,
  SAVED_CONFIG_LIMITS,
  SavedConfigNotFoundError,
  SavedConfigsFullError,
  SettingsFile,
  SettingsFileError,
  userSettingsFile,
  type SavedConfig,
} from './settings-file.js';
