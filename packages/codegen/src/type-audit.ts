import ts from "typescript";

/**
 * The named types a module exports, and those of them that are `unknown` or `any` — almost always a generator
 * mistake (a schema openapi-typescript could not type), which silently switches type checking off wherever the type
 * is used. Reads the module with TypeScript's own checker, the way a consumer's compiler will.
 */
export function auditExportedTypes(entry: string): { names: string[]; vague: string[] } {
  const program = ts.createProgram([entry], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entry} is not a module TypeScript can read.`);
  const names: string[] = [];
  const vague: string[] = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface))) continue;
    names.push(exported.getName());
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) vague.push(exported.getName());
  }
  return { names: names.sort(), vague: vague.sort() };
}
