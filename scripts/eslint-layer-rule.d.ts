// The types of eslint-layer-rule.js, for test/layer-rule.test.ts.
import type { Rule } from 'eslint';

export declare const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>>;
export declare const layerRule: Rule.RuleModule;
