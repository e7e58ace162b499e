#include "actors/display.hpp"

#include "strategy/decimal.hpp"

namespace trailgrid::actors {

std::string format_grouped(int64_t value, int decimals) {
  auto plain = strategy::format_scaled(value, decimals);
  auto begin = plain.find_first_of("0123456789");
  auto point = plain.find('.');
  auto end = point == std::string::npos ? plain.size() : point;
  // Insert a comma every three digits from the right of the integer part.
  for (auto i = end; i > begin + 3; i -= 3)
    plain.insert(i - 3, 1, ',');
  return plain;
}

std::string format_ppm_percent(int64_t ppm) {
  // Hundredths of a percent = ppm / 100, rounded half away from zero.
  const int64_t magnitude = ppm < 0 ? -ppm : ppm;
  int64_t hundredths = (magnitude + 50) / 100;
  if (ppm < 0) hundredths = -hundredths;
  return strategy::format_scaled(hundredths, 2) + " %";
}

} // namespace trailgrid::actors
