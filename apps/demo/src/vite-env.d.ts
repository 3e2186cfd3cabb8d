/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_UPMOBILE_BASE_URL?: string;
  readonly VITE_UPMOBILE_TOKEN?: string;
  readonly VITE_TOPUP_BASE_URL?: string;
  readonly VITE_TOPUP_TOKEN?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
