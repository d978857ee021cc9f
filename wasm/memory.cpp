// memcpy, memmove and memset as the wasm bulk-memory instructions (memory.copy, memory.fill).
// With -Oz, Emscripten links its size-optimized libc, whose memcpy copies one byte per loop turn:
// that loop was 10–17% of solve() (every std::string copy lands there). These definitions replace
// it at no cost in bytes. Browsers with wasm exception handling (which the module needs) all have
// bulk memory. Compiled without LTO: the code generator emits calls to these after LTO has run.
#include <cstddef>

extern "C" {
void* memcpy(void* __restrict dst, const void* __restrict src, std::size_t n) {
  return __builtin_memcpy(dst, src, n);
}
void* memmove(void* dst, const void* src, std::size_t n) { return __builtin_memmove(dst, src, n); }
void* memset(void* dst, int c, std::size_t n) { return __builtin_memset(dst, c, n); }
}
