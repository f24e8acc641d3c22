// httpv2 multipart/form-data bodies (records, PushPeople, snapshots).
// Input: first line = the Content-Type header value (its boundary is used),
// rest = the body. Every part is also decoded (gzip parts inflate, bounded).

#include "FuzzInput.h"
#include "wire/Multipart.h"
#include "wire/ProtocolError.h"

using namespace passway::httpv2;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = passway::fuzz::splitFirstLine(data, size);
    const std::string boundary = MultipartForm::boundaryOf(input.header);
    if (boundary.empty()) return 0;
    try {
        const MultipartForm form = MultipartForm::parse(input.body, boundary);
        for (const FormPart& part : form.parts()) {
            try {
                (void)MultipartForm::decoded(part, 1 << 20);
            } catch (const ProtocolError&) {
            }
        }
        (void)form.find({"sn", "SN"});
        (void)form.field({"sn", "RecordDetail"}, 1 << 20);
    } catch (const ProtocolError&) {
    }
    return 0;
}
