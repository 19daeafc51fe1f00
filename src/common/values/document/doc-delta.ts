/**
 * src/common/values/document/doc-delta.ts — `DocDelta`, the field value an Update record stores when a
 * document column is updated with operators: the update template instead of the whole new document.
 *
 * 1. The template is final: `$currentDate` must already be resolved (`resolveCurrentDate`), so applying the
 *    delta at replay gives exactly the document the statement produced. A template still holding
 *    `$currentDate` is an internal error.
 * 2. The template is validated when the delta is made (the errors of `compileUpdate`); `applyTo` may still
 *    throw what depends on the document (22D02, 22D04).
 * 3. `applyTo` is pure and memoises the last (base, result) pair, so applying the delta twice to the same
 *    base object (once to check keys, once to install) costs one application.
 * 4. Its disk encoding is the value tag DocDelta in value-codec.ts (the template as BSON; docs/file-format.md).
 */
import { InternalError, SqlState, SqlError } from '../../errors';
import { compileUpdate, type DocUpdate } from './doc-update';
import { bsonTypeName, isDoc, type Doc, type DocValue } from './doc-value';

/** An update template applied to a stored document (file header). */
export class DocDelta {
  private readonly update: DocUpdate;
  private lastBase: DocValue | undefined = undefined;
  private lastResult: DocValue | undefined = undefined;

  constructor(readonly template: Doc) {
    if (Object.prototype.hasOwnProperty.call(template, '$currentDate')) {
      throw new InternalError('a DocDelta template must have $currentDate resolved');
    }
    this.update = compileUpdate(template);
  }

  /** The document `old` becomes; `null` (an SQL NULL document) is updated as an empty document. */
  applyTo(old: DocValue): DocValue {
    if (old === this.lastBase && this.lastResult !== undefined) return this.lastResult;
    const base = old === null ? {} : old;
    if (!isDoc(base)) {
      throw SqlError.of(SqlState.DocumentUpdateTypeClash, ['an update template', bsonTypeName(base), 'it is not a document']);
    }
    const result = this.update.apply(base);
    this.lastBase = old;
    this.lastResult = result;
    return result;
  }
}
