#include "mlsysim/explain.hpp"

namespace mlsysim {

nlohmann::json to_json(const std::vector<ExplainEntry>& entries) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json inputs = nlohmann::json::object(), units = nlohmann::json::object(),
                   sources = nlohmann::json::object();
    for (const auto& in : e.inputs) {
      inputs[in.symbol] = in.value;
      if (!in.unit.empty()) units[in.symbol] = in.unit;
      if (!in.source.empty()) sources[in.symbol] = in.source;
    }
    out.push_back({{"quantity", e.quantity},
                   {"equation", e.equation},
                   {"inputs", inputs},
                   {"units", units},
                   {"sources", sources},
                   {"source", e.source}});
  }
  return out;
}

}  // namespace mlsysim
