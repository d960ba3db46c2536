/**
 * CSV for the admin power features: pure, no Node or DOM, so the
 * main process and the renderer use the same code. Import (invitations),
 * template, export columns, the streaming writer, formula neutralisation.
 */
export { FORMULA_TRIGGERS, neutraliseCell, restoreCell } from './neutralise.ts';
export {
  CSV_BOM,
  CSV_DELIMITER,
  CSV_NEWLINE,
  DEFAULT_CHUNK_ROWS,
  csvChunks,
  csvChunksAsync,
  csvContext,
  csvRecords,
  toCsv,
  type CsvColumn,
  type CsvContext,
  type CsvWriteOptions,
} from './write.ts';
export {
  AUDIT_EXPORT_COLUMNS,
  GROUP_MEMBER_EXPORT_COLUMNS,
  MEMBER_EXPORT_COLUMNS,
  actionText,
  column,
  invitationExportColumns,
  matrixExportColumns,
  type CsvHeaderKey,
  type MatrixRow,
} from './columns.ts';
export {
  IMPORT_HEADERS,
  INVITATION_TEMPLATE_COLUMNS,
  REQUIRED_IMPORT_COLUMNS,
  invitationTemplateCsv,
  normaliseHeader,
  parseInvitationCsv,
  type InvitationImport,
  type InvitationImportError,
  type InvitationImportRow,
} from './invitation-import.ts';
