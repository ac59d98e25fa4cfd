/*
 * fuzz_mmc_parse.c - libFuzzer harness for every MMC response parser in
 * writer/mmc/mmc_parse.c and writer/mmc/mmc_perf.c, and for sense_decode
 * (writer/mmc/sense.c).
 *
 * The first input byte chooses the parser (and, for READ TOC, MSF or
 * LBA); the rest is the response exactly as a drive would have sent it,
 * copied into a buffer of exactly that size so that AddressSanitizer
 * sees any read past what was received.  The parsers must never read
 * outside the bytes received, and on success what they report must be
 * self-consistent (counts within their arrays).  Built and run by
 * tools/fuzz (see doc/fuzzing.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mmc_parse.h"
#include "mmc_perf.h"
#include "sense.h"

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c))                                                      \
			abort();                                               \
	} while (0)

static void parse(uint8_t which, const uint8_t *b, size_t n)
{
	switch (which % 19) {
	case 0: {
		struct mmc_inquiry o;
		mmc_parse_inquiry(b, n, &o);
		break;
	}
	case 1: {
		struct mmc_configuration *o = malloc(sizeof(*o));
		if (!o)
			return;
		if (mmc_parse_get_configuration(b, n, o) == 0)
			REQUIRE(o->n_features <= MMC_MAX_FEATURES);
		free(o);
		break;
	}
	case 2: {
		const uint8_t *page = NULL;
		size_t plen = 0;
		if (mmc_mode_sense10_find_page(b, n, 0x05, &page, &plen) == 0) {
			REQUIRE(page >= b && page + plen <= b + n);
			struct mmc_write_parameters wp;
			mmc_parse_write_parameters(page, plen, &wp);
		}
		break;
	}
	case 3: {
		struct mmc_write_parameters wp;
		mmc_parse_write_parameters(b, n, &wp);
		break;
	}
	case 4: {
		struct mmc_capabilities c;
		if (mmc_parse_capabilities(b, n, &c) == 0)
			REQUIRE(c.n_write_speeds <= 32);
		break;
	}
	case 5: {
		const uint8_t *page = NULL;
		size_t plen = 0;
		if (mmc_mode_sense10_find_page(b, n, 0x2A, &page, &plen) == 0) {
			REQUIRE(page >= b && page + plen <= b + n);
			struct mmc_capabilities c;
			mmc_parse_capabilities(page, plen, &c);
		}
		break;
	}
	case 6: {
		struct mmc_disc_information d;
		mmc_parse_disc_information(b, n, &d);
		break;
	}
	case 7: {
		struct mmc_track_information t;
		mmc_parse_track_information(b, n, &t);
		break;
	}
	case 8:
	case 9: {
		struct mmc_toc *t = malloc(sizeof(*t));
		if (!t)
			return;
		if (mmc_parse_toc_formatted(b, n, which % 19 == 9, t) == 0)
			REQUIRE(t->n <= 101);
		free(t);
		break;
	}
	case 10: {
		struct mmc_full_toc *t = malloc(sizeof(*t));
		if (!t)
			return;
		if (mmc_parse_toc_full(b, n, t) == 0)
			REQUIRE(t->n <= 300);
		free(t);
		break;
	}
	case 11: {
		struct mmc_atip a;
		mmc_parse_atip(b, n, &a);
		break;
	}
	case 12: {
		struct mmc_buffer_capacity c;
		mmc_parse_buffer_capacity(b, n, &c);
		break;
	}
	case 13: {
		struct mmc_capacity c;
		mmc_parse_read_capacity(b, n, &c);
		break;
	}
	case 16: {
		struct mmc_write_speed_descriptor d[MMC_MAX_PERF_DESCRIPTORS];
		size_t k = 0;
		if (mmc_parse_write_speeds(b, n, d, MMC_MAX_PERF_DESCRIPTORS,
					   &k) == 0)
			REQUIRE(k <= MMC_MAX_PERF_DESCRIPTORS);
		break;
	}
	case 17: {
		struct mmc_performance_descriptor d[MMC_MAX_PERF_DESCRIPTORS];
		size_t k = 0;
		if (mmc_parse_performance(b, n, d, MMC_MAX_PERF_DESCRIPTORS,
					  &k) == 0)
			REQUIRE(k <= MMC_MAX_PERF_DESCRIPTORS);
		break;
	}
	case 18: {
		uint8_t codes[64];
		size_t k = 0;
		if (mmc_parse_mode_page_codes(b, n, codes, sizeof(codes), &k) ==
		    0)
			REQUIRE(k <= sizeof(codes));
		break;
	}
	default: { /* 14, 15 */
		struct sense_info s;
		if (sense_decode(b, n, &s)) {
			(void)sense_key_name(s.key);
			(void)sense_asc_text(s.asc, s.ascq);
			(void)sense_to_errno(&s);
			(void)sense_is_retryable(&s);
		}
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n = size - 1;
	uint8_t *b = malloc(n ? n : 1);
	if (!b)
		return 0;
	memcpy(b, data + 1, n);
	parse(data[0], b, n);
	free(b);
	return 0;
}
