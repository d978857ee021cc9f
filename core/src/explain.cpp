#include "mlsysim/explain.hpp"

namespace mlsysim {

void write_explain(JsonWriter& w, const std::vector<ExplainEntry>& entries) {
  w.begin_array();
  for (const auto& e : entries) {
    w.begin_object().field("quantity", e.quantity).field("equation", e.equation);
    w.key("inputs").begin_object();
    for (const auto& in : e.inputs) w.field(in.symbol, in.value);
    w.end_object().key("units").begin_object();
    for (const auto& in : e.inputs)
      if (!in.unit.empty()) w.field(in.symbol, in.unit);
    w.end_object().key("sources").begin_object();
    for (const auto& in : e.inputs)
      if (!in.source.empty()) w.field(in.symbol, in.source);
    w.end_object().field("source", e.source).end_object();
  }
  w.end_array();
}

}  // namespace mlsysim
