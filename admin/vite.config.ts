import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { gzipSync } from 'node:zlib';

// Text assets also get a precompressed `.gz` sibling; the WAR's AdminUiFilter serves it to clients that
// accept gzip, so every container (Tomcat, Payara, WildFly) sends compressed responses the same way.
function precompress(): Plugin {
  return {
    name: 'rocket-precompress',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [fileName, item] of Object.entries(bundle)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(fileName)) continue;
        const source = item.type === 'chunk' ? item.code : item.source;
        const raw = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        this.emitFile({ type: 'asset', fileName: fileName + '.gz', source: gzipSync(raw, { level: 9 }) });
      }
    },
  };
}

// Maven sets ROCKET_ADMIN_OUT to target/rocket/admin so the output lands in the WAR; `npm run build`
// alone writes dist/.
export default defineConfig({
  base: '/admin/',
  plugins: [solid(), precompress()],
  build: {
    outDir: process.env.ROCKET_ADMIN_OUT || 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': process.env.ROCKET_URL || 'http://localhost:8080' },
  },
});
