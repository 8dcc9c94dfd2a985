// The compression every size in this repo is measured and shipped with:
// gzip -9 and brotli -q 11, as a CDN's precompressed files would be.
import zlib from 'node:zlib';

export const gzip = (body) => zlib.gzipSync(body, { level: 9 });

export const brotli = (body) =>
  zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
