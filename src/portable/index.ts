// portable/: agents and skills in and out — export archives, import, Agent Skills import.
export { exportAgent, type ExportOptions, type ExportResult } from './export.ts';
export { importAgent, DEFAULT_MAX_BUNDLE_BYTES, type ImportOptions, type ImportResult } from './import.ts';
export { readManifest, CURRENT_VERSION as EXPORT_FORMAT_VERSION, type Manifest } from './manifest.ts';
export { PortableError } from './errors.ts';
export { importSkills, folderSha256, DEFAULT_SKILL_LIMITS, type SkillLimits, type SkillsImportOptions, type SkillsImportResult } from './skills-import.ts';
