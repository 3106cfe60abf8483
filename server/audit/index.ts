/**
 * The audit component's public surface: other components and the composition root import only this file.
 * Reading the audit trail (the trail itself is platform/audit, written by every component), and the
 * case file for court: an alert exported with its provenance, one audit event whose hash it carries.
 */
export { auditRoutes } from './audit.routes.js';
export { caseFileRoutes } from './caseFile/caseFile.routes.js';
export { checkCaseFileExport, readCaseFile } from './caseFile/caseFileVerify.js';
export { newPdfDocument, pdfLayout, renderTwoPass, type DrawPass, type PdfLayout } from './caseFile/pdfLayout.js';
