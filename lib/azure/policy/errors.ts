/**
 * Errors of the Azure Policy evaluator. Each says what the evaluator could not do, so the
 * caller can decide: `evaluatePolicies` turns them into result rows unless `strict` is set.
 */

/** Base class: something in a definition, a parameter or the plan stops the evaluation. */
export class PolicyEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyEvaluationError';
  }
}

/**
 * The definition uses a construct this evaluator does not implement (a template function, a
 * condition operator, an effect). Loud by design: in `strict` mode it is thrown; otherwise the
 * row is non-compliant with this message, never a silent pass.
 */
export class UnsupportedPolicyConstructError extends PolicyEvaluationError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPolicyConstructError';
  }
}

/** The definition is not well formed (no `policyRule`, a condition without an operator, ...). */
export class InvalidPolicyDefinitionError extends PolicyEvaluationError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPolicyDefinitionError';
  }
}

/**
 * A parameter the rule reads has no `defaultValue` and no value was given, or a given value is
 * not one of its `allowedValues`. Azure would refuse such an assignment, so the definition is
 * reported not-applicable with this message.
 */
export class PolicyParameterError extends PolicyEvaluationError {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyParameterError';
  }
}

/** A value the rule reads is not known until deployment (a Pulumi unknown in a preview). */
export class UnknownPlanValueError extends PolicyEvaluationError {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownPlanValueError';
  }
}
