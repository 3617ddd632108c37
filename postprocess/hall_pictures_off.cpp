// write_hall_pictures in a build without Cairo and Pango (postprocess/CMakeLists.txt): the
// run writes no pictures, and the report lists none; the GPU machine builds this way.
#include "postprocess/hall_pictures.hpp"

namespace rackflow::post {

std::vector<PictureFile> write_hall_pictures(const std::string&, const std::vector<Snapshot>&, const HallResults&,
                                             const PictureOptions&) {
  return {};
}

}  // namespace rackflow::post
