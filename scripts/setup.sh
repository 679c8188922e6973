#!/usr/bin/env bash
# Installs what building, running and testing Piyao Matrix needs on Debian 12 / Ubuntu 22.04+.
# Idempotent and quick when everything is already there; `make run` and `make test` call it.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "[setup] need root or sudo to install system packages" >&2; exit 1; }
  SUDO="sudo"
fi

# System packages: WebKitGTK and friends for Tauri; Xvfb + WebKitWebDriver for end-to-end
# tests; fonts so that Chinese text renders; ImageMagick for screenshots (and for rendering
# the test screenshots of people's evidence); Tesseract with its Simplified Chinese data, the
# OCR engine that reads those screenshots.
APT_PACKAGES=(
  build-essential pkg-config curl file ca-certificates
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth x11-utils webkit2gtk-driver imagemagick xdotool
  fonts-dejavu-core fonts-noto-cjk
  tesseract-ocr tesseract-ocr-chi-sim
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust: the project needs a recent stable toolchain (see rust-version in Cargo.toml).
if ! command -v cargo >/dev/null; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null || { echo "[setup] Rust is missing: install it with rustup (https://rustup.rs), then re-run" >&2; exit 1; }

# Node.js >= 20.19 for Vite. Debian's own nodejs is older; install it from the distribution
# only when there is none at all, and say plainly when the one found is too old.
if ! command -v node >/dev/null; then
  say "installing Node.js and npm"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
  echo "[setup] Node.js $(node --version) is too old: Vite needs 20.19 or newer" >&2; exit 1; }

# Front-end packages, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "installing front-end packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# tauri-driver: the WebDriver bridge for end-to-end tests in the real window.
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
