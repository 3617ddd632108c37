#include "hall_parse_openings.hpp"

#include "quantity.hpp"

namespace rackflow::detail::hall {

OpeningSpec read_opening(const Value& v, const std::array<double, 2>& face_size_m, const std::string& face) {
  const Section s(v, {"width", "height", "offset"});
  OpeningSpec o;
  o.where = v.where;
  const char* const names[2] = {"width", "height"};
  std::array<double, 2> size = face_size_m;
  for (int t = 0; t < 2; ++t) {
    const std::string key = names[t];
    if (!s.find(key)) continue;
    const double slack = kGeometrySlack * face_size_m[t];
    size[t] = read_required(s, key, Dimension::Length,
                            greater_than(0).up_to(face_size_m[t]).with_slack(slack).because(face + "'s " + key))
                  .value;
    (t == 0 ? o.width_m : o.height_m) = size[t];
  }
  if (const auto off = s.find("offset")) {
    const auto n = read_numbers<2>(*off, Dimension::Length, "[across, up]");
    for (int t = 0; t < 2; ++t) {
      const double room_m = face_size_m[t] - size[t];
      require(n[t],
              at_least(0).up_to(room_m).with_slack(kGeometrySlack * face_size_m[t]).because(
                  std::string("the opening inside ") + face + ": its " + names[t] + " " +
                  format_quantity(size[t], Dimension::Length) + " of " +
                  format_quantity(face_size_m[t], Dimension::Length)),
              Dimension::Length);
      o.offset_m[t] = n[t].value;
    }
  }
  return o;
}

}  // namespace rackflow::detail::hall
