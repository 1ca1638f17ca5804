/**
 * The baseline of bench/plan: a Pulumi program that declares nothing.
 *
 * Planning it costs what `planProgram` costs whatever the program: reading Pulumi.yaml, setting
 * the stack configuration, installing the mocks, registering ts-node, compiling and loading a
 * TypeScript entry file, and letting the recorder settle. It is TypeScript, like
 * examples/aks-platform, so both pay the same compilation of their entry file. It declares no
 * resource at all (not even a resource group): the example's figure over this one is then
 * everything its resources cost (the components, their inputs, the mocked registrations), and
 * nothing of that is hidden in the baseline. It imports nothing either: `@pulumi/pulumi` is
 * already loaded by `planProgram` itself, so importing it would change nothing.
 */
export {};
