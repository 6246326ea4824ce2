import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Text assets also get a precompressed `.gz` sibling; the WAR's AdminUiFilter serves it to clients that
// accept gzip, so every container (Tomcat, Payara, WildFly) sends compressed responses the same way.
function precompress(): Plugin {
  return {
    name: 'rocket-precompress',
    apply: 'build',
    // after the files are written, so the copies hold exactly what was written (placeholders resolved)
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(fileName)) continue;
        const file = join(dir, fileName);
        writeFileSync(file + '.gz', gzipSync(readFileSync(file), { level: 9 }));
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
