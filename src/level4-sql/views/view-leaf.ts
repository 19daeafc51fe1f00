/**
 * src/level4-sql/views/view-leaf.ts — a view named in FROM: planned as a derived table named by the view, with
 * WHERE conjuncts pushed into its query where simple (plan/pushdown.ts).
 *
 * 1. The view's query is planned one level below the query naming it, with no outer scope and no CTE of the
 *    statement visible: a view means the same wherever it is used. Errors inside it point at the mention
 *    (view-query.ts `inView`).
 * 2. Column names: the view's column list when it was created with one, else its query's output names.
 * 3. EXPLAIN shows `View V` (with the alias when there is one) above the view's plan; when conditions were
 *    pushed in, `View V (conditions pushed in)` above the re-planned query.
 */
import type { View } from '../../level3-objects/view';
import { Scope } from '../eval/scope';
import { NamedQueryRowSet } from '../exec/named-query';
import type { TableRef } from '../parse';
import type { Conj } from '../plan/conjunct';
import { withoutCtes } from '../plan/cte';
import type { LeafNode, TreeContext } from '../plan/from-tree';
import { pushIntoQuery } from '../plan/pushdown';
import { planSubqueryAt } from '../plan/subquery-plan';
import { inView, viewQuery } from './view-query';
import { noteTable, withoutAccess } from '../access/access-recorder';
import { Privilege } from '../../level3-objects/security';

/** The view FROM names `item` (a table of that name has been looked for first), or undefined. */
export function findView(tc: TreeContext, name: string): View | undefined {
  const state = tc.env.state;
  return state.viewByName(name) ?? (name.includes('.') ? state.viewByName(name.slice(name.lastIndexOf('.') + 1)) : undefined);
}

/** The FROM leaf for a mention of `view` (see the file header). */
export function viewLeaf(view: View, item: TableRef, tc: TreeContext): LeafNode {
  const env = tc.env;
  const q = viewQuery(view);
  const level = tc.level + 1;
  // a view is used with the privileges on the view, not on what its query reads (access/access-recorder.ts 2)
  noteTable(Privilege.Select, view.defpos);
  const planned = withoutAccess(() => inView(view, item.position, () => withoutCtes(env, () => planSubqueryAt(q, env, null, level))));
  const names = view.columns.length > 0 ? view.columns : planned.columns;
  const alias = item.alias ?? view.name;
  const id = tc.nextLeaf++;
  const scope = Scope.forColumns(alias, names, planned.types, tc.level, tc.outer, id);
  const label = `View ${view.name}${alias === view.name ? '' : ` ${alias}`}`;
  const derived = { root: new NamedQueryRowSet(planned.root, label), columns: names, types: planned.types };
  const pushdown = (conjs: readonly Conj[]) => {
    const p = pushIntoQuery(q, planned.columns, scope, conjs);
    if (p === null) return null;
    const again = withoutAccess(() => inView(view, item.position, () => withoutCtes(env, () => planSubqueryAt(p.query, env, null, level))));
    return { root: new NamedQueryRowSet(again.root, `${label} (conditions pushed in)`), rest: p.rest };
  };
  return { kind: 'leaf', id, scope, leaves: new Set([id]), table: null, label, derived, pushdown };
}
