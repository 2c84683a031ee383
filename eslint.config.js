import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      "build/**", "node_modules/**", ".tools/**", "extensions/*/dist/**", "test-results/**", ".demo/**",
      "public/build/**", "scripts/demo/app-bridge-stub.js", "coverage/**", ".stryker-tmp*/**", "reports/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its rejection (an unhandled rejection
    // kills the worker), and an async function where a void callback is expected (an event
    // handler, a setInterval) does the same. The project service picks each file's nearest
    // tsconfig, so the extension is checked against its own React 17 settings.
    languageOptions: {
      // prisma/postgresql.config.ts sits outside every tsconfig's include; lint it with the default project.
      parserOptions: { projectService: { allowDefaultProject: ["prisma/*.config.ts"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // Plain JS config and scripts belong to no tsconfig: lint them without type information.
    files: ["**/*.cjs", "**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["scripts/**", "tests/**", "extensions/**", "**/*.config.*"],
    rules: { "no-console": "off" },
  },
  {
    files: ["**/*.cjs", "**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", module: "writable", require: "readonly" } },
  },
);
