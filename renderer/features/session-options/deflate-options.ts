import type { z } from 'zod';
import type { deflateSettingsSchema } from '../../../shared/api';
import { wholeNumber } from './input-error';

export type DeflateSettings = z.infer<typeof deflateSettingsSchema>;

/** permessage-deflate as typed (RFC 7692 §7.1): off, or on with its parameters. */
export interface DeflateForm {
  enabled: boolean;
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  serverMaxWindowBits: string;
  clientMaxWindowBits: string;
  /** Messages smaller than this many bytes go uncompressed. */
  threshold: string;
}

export const EMPTY_DEFLATE: DeflateForm = {
  enabled: false,
  serverNoContextTakeover: false,
  clientNoContextTakeover: false,
  serverMaxWindowBits: '',
  clientMaxWindowBits: '',
  threshold: '',
};

/** The settings to offer or accept, or undefined when deflate is off. */
export function toDeflateSettings(form: DeflateForm): DeflateSettings | undefined {
  if (!form.enabled) return undefined;
  // RFC 7692 §7.1.2: window bits from 8 to 15.
  const serverMaxWindowBits = wholeNumber(form.serverMaxWindowBits, 'The server_max_window_bits parameter', 8, 15);
  const clientMaxWindowBits = wholeNumber(form.clientMaxWindowBits, 'The client_max_window_bits parameter', 8, 15);
  const threshold = wholeNumber(form.threshold, 'The compression threshold (bytes)', 0, 2 ** 31);
  return {
    ...(form.serverNoContextTakeover && { serverNoContextTakeover: true }),
    ...(form.clientNoContextTakeover && { clientNoContextTakeover: true }),
    ...(serverMaxWindowBits !== undefined && { serverMaxWindowBits }),
    ...(clientMaxWindowBits !== undefined && { clientMaxWindowBits }),
    ...(threshold !== undefined && { threshold }),
  };
}
