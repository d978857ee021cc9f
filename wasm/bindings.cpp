// The embind boundary (DESIGN.md §1): JSON text in, JSON text out. No model logic here; every
// exception is caught in core (mlsysim::solve_text never throws) and answered as error JSON.
//
// Results leave as a Uint8Array view of UTF-8 bytes that the JS side decodes with TextDecoder at
// once: embind 3.1.6 converts a returned std::string byte by byte in JS, which cost more than the
// whole solve. The view is valid until the next call into the module.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "mlsysim/report.hpp"
#include "mlsysim/topology.hpp"

namespace {

std::string last_result;  // backs the returned view until the next call

emscripten::val bytes(std::string text) {
  last_result = std::move(text);
  return emscripten::val(emscripten::typed_memory_view(
      last_result.size(), reinterpret_cast<const std::uint8_t*>(last_result.data())));
}

emscripten::val solve(const std::string& scenario) { return bytes(mlsysim::solve_text(scenario)); }
emscripten::val catalog() { return bytes(mlsysim::catalog_text()); }
emscripten::val collective(const std::string& request) { return bytes(mlsysim::collective_text(request)); }

// values: a JS array (or typed array) of numbers.
std::vector<double> numbers(const emscripten::val& values) {
  std::vector<double> xs;
  const unsigned n = values["length"].as<unsigned>();
  xs.reserve(n);
  for (unsigned i = 0; i < n; ++i) xs.push_back(values[i].as<double>());
  return xs;
}

emscripten::val sweep(const std::string& scenario, const std::string& field, const emscripten::val& values) {
  return bytes(mlsysim::sweep_text(scenario, field, numbers(values)));
}

emscripten::val sweep2d(const std::string& scenario, const std::string& field_x, const emscripten::val& values_x,
                        const std::string& field_y, const emscripten::val& values_y) {
  return bytes(mlsysim::sweep2d_text(scenario, field_x, numbers(values_x), field_y, numbers(values_y)));
}

}  // namespace

EMSCRIPTEN_BINDINGS(mlsysim) {
  emscripten::function("solve", &solve);
  emscripten::function("catalog", &catalog);
  emscripten::function("collective", &collective);
  emscripten::function("sweep", &sweep);
  emscripten::function("sweep2d", &sweep2d);
}
