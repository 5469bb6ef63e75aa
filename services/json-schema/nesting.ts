// Tenant-supplied values parsed from YAML or JSON: how deep they nest, and whether an alias makes
// one reachable from itself. Iterative, so a hostile value cannot exhaust the stack.
export function nestingProblem(root: unknown, maxDepth: number, what: string): string | undefined {
  const onPath = new Set<object>();
  const stack: Array<{ node: unknown; depth: number; leave?: true }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth, leave } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (leave) {
      onPath.delete(node);
      continue;
    }
    if (onPath.has(node)) return `${what} is recursive (an alias refers to its own ancestor)`;
    if (depth >= maxDepth) return `${what} nests deeper than ${maxDepth} levels`;
    onPath.add(node);
    stack.push({ node, depth, leave: true });
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}
