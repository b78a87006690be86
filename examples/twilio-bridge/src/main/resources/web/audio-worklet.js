// Microphone capture for the bridge's browser page: the AudioContext's float samples (usually 48 kHz) are
// resampled to 24 kHz mono, converted to 16-bit little-endian PCM, and posted to the page in 20 ms frames
// (480 samples, 960 bytes), which the page sends as binary WebSocket messages to /browser-stream.
class MicCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = sampleRate / 24000;   // input samples per output sample
    this.position = 0;                 // fractional read position into the input, carried across blocks
    this.previous = 0;                 // last input sample of the previous block (for interpolation)
    this.frame = new Int16Array(480);
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (!input) {
      return true;
    }
    // linear interpolation between input samples; position is relative to the start of this block,
    // index -1 being the previous block's last sample
    while (this.position < input.length - 1) {
      const i = Math.floor(this.position);
      const frac = this.position - i;
      const a = i < 0 ? this.previous : input[i];
      const b = input[i + 1];
      const s = Math.max(-1, Math.min(1, a + (b - a) * frac));
      this.frame[this.filled++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      if (this.filled === this.frame.length) {
        this.port.postMessage(this.frame.buffer.slice(0));
        this.filled = 0;
      }
      this.position += this.ratio;
    }
    this.position -= input.length;
    this.previous = input[input.length - 1];
    return true;
  }
}

registerProcessor('mic-capture', MicCapture);
