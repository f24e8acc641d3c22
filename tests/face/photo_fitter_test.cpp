#include <boost/test/unit_test.hpp>

// PhotoFitter: what terminals are offered is a JPEG within their limit.

#include "face/PhotoFitter.h"

#include <opencv2/imgcodecs.hpp>

#include <vector>

using namespace passway;

namespace {

std::string encoded(const cv::Mat& image, const std::string& ext, int quality = 95) {
    std::vector<uchar> bytes;
    cv::imencode(ext, image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
    return std::string(bytes.begin(), bytes.end());
}

cv::Mat noise(int side) {
    cv::Mat image(side, side, CV_8UC3);
    cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(255));
    return image;
}

bool isJpeg(const std::string& b) {
    return b.size() > 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_jpeg_within_the_limit_is_kept_as_it_is) {
    const std::string jpeg = encoded(noise(64), ".jpg");
    const auto fitted = PhotoFitter::fit(jpeg, 400 * 1024);
    BOOST_REQUIRE(fitted);
    BOOST_TEST((*fitted == jpeg));
}

BOOST_AUTO_TEST_CASE(a_png_becomes_a_jpeg) {
    const auto fitted = PhotoFitter::fit(encoded(noise(100), ".png"), 400 * 1024);
    BOOST_REQUIRE(fitted);
    BOOST_TEST(isJpeg(*fitted));
}

BOOST_AUTO_TEST_CASE(an_oversize_jpeg_is_re_encoded_and_scaled_until_it_fits) {
    const std::string big = encoded(noise(900), ".jpg", 100);
    BOOST_REQUIRE_GT(big.size(), 100u * 1024u);
    const auto fitted = PhotoFitter::fit(big, 100 * 1024);
    BOOST_REQUIRE(fitted);
    BOOST_TEST(isJpeg(*fitted));
    BOOST_TEST(fitted->size() <= 100u * 1024u);
    BOOST_TEST(!cv::imdecode(std::vector<uchar>(fitted->begin(), fitted->end()), cv::IMREAD_COLOR).empty());
}

BOOST_AUTO_TEST_CASE(bytes_that_are_no_image_are_refused) {
    BOOST_TEST(!PhotoFitter::fit("not an image", 1024));
    BOOST_TEST(!PhotoFitter::fit(std::string("\xFF\xD8\xFF garbage", 12), 4));
}
