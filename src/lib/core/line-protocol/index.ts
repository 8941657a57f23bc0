/** Line protocols of live sensors: decoding (`createLineDecoder`) and detection (`detectLineProtocol`). */
export * from './types';
export { createLineDecoder, MAX_REJECTED_PER_PUSH, MAX_UNKNOWN_KEYS } from './decoder';
export { checkLineProtocolConfig, DEFAULT_MAX_LINE_CHARS, DEFAULT_TIME_KEY } from './config';
export { detectLineProtocol, type DetectOptions } from './detect';
