// The shape of a policy document that passed validation (policy-dsl.md §2). Only validated data
// is ever given these types; the checks work on `unknown`.

export type ValueDoc =
  | { readonly field: string }
  | { readonly param: string }
  | { readonly value: number | boolean | string }
  | { readonly compute: ComputeDoc };

export type ComputeDoc =
  | { readonly op: '+' | '-' | '*' | '/'; readonly left: ValueDoc; readonly right: ValueDoc }
  | { readonly op: 'max' | 'min'; readonly values: readonly ValueDoc[] }
  | { readonly op: 'ceil' | 'floor' | 'round' | 'abs'; readonly value: ValueDoc }
  | { readonly op: 'clamp'; readonly value: ValueDoc; readonly min: ValueDoc; readonly max: ValueDoc }
  | { readonly op: 'div0'; readonly numerator: ValueDoc; readonly denominator: ValueDoc; readonly default: ValueDoc };

export type ExpressionDoc =
  | { readonly op: '==' | '!=' | '<' | '<=' | '>' | '>='; readonly left: ValueDoc; readonly right: ValueDoc }
  | { readonly op: 'and' | 'or'; readonly conditions: readonly ExpressionDoc[] }
  | { readonly op: 'not'; readonly condition: ExpressionDoc };

export interface ConditionNodeDoc {
  readonly type: 'condition';
  readonly node_id: string;
  readonly condition: ExpressionDoc;
  readonly on_true: NodeDoc;
  readonly on_false: NodeDoc;
}

export interface ActionNodeDoc {
  readonly type: 'action';
  readonly node_id: string;
  readonly action: string;
  readonly parameters?: Readonly<Record<string, ValueDoc>>;
}

export type NodeDoc = ConditionNodeDoc | ActionNodeDoc;

export interface PolicyDocument {
  readonly version: '1.0';
  readonly policy_id: string;
  readonly payment_tree?: NodeDoc | null;
  readonly strategic_collateral_tree?: NodeDoc | null;
  readonly end_of_tick_collateral_tree?: NodeDoc | null;
  readonly parameters: Readonly<Record<string, number>>;
  readonly description?: string;
  readonly comment?: string;
}
