import { createHash } from 'node:crypto';
import type { Digest } from '../../application/ports/digest.js';

export class NodeDigest implements Digest {
  sha256Base64Url(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('base64url');
  }
}
