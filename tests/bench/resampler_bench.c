/*
 * resampler_bench.c - measures the two resamplers Debian packages
 * (libsoxr, libsamplerate) on the conversion intake does: 48000 and
 * 96000 Hz stereo float to 44100 Hz.  Quality: a 1 kHz and a 19 kHz
 * sine at -1 dBFS are resampled and compared with the ideal sine at
 * 44.1 kHz (least-squares fit of amplitude and phase); the residual
 * gives SNR in dB.  Speed: seconds of audio per second of CPU.
 *
 * Not part of the test suite; build and run by hand:
 *   cc -O2 tests/bench/resampler_bench.c -o /tmp/rb \
 *      $(pkg-config --cflags --libs soxr samplerate) -lm && /tmp/rb
 * The results are recorded in doc/intake.md.
 */
#include <math.h>
#include <samplerate.h>
#include <soxr.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SECONDS 20

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SNR of out (mono view of channel 0) against a fitted sine of freq. */
static double snr_db(const float *out, size_t n, double freq)
{
	/* Skip the filters' start and end. */
	size_t a = 4096, b = n - 4096;
	double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
	for (size_t i = a; i < b; i++) {
		double w = 2 * M_PI * freq * (double)i / 44100.0;
		double s = sin(w), c = cos(w), y = out[2 * i];
		ss += s * s;
		cc += c * c;
		sc += s * c;
		ys += y * s;
		yc += y * c;
	}
	double det = ss * cc - sc * sc;
	double A = (ys * cc - yc * sc) / det, B = (yc * ss - ys * sc) / det;
	double sig = 0, err = 0;
	for (size_t i = a; i < b; i++) {
		double w = 2 * M_PI * freq * (double)i / 44100.0;
		double f = A * sin(w) + B * cos(w);
		double e = out[2 * i] - f;
		sig += f * f;
		err += e * e;
	}
	return 10 * log10(sig / err);
}

static void make_sine(float *in, size_t n, double rate, double freq)
{
	double amp = pow(10, -1 / 20.0);
	for (size_t i = 0; i < n; i++) {
		float v =
		    (float)(amp * sin(2 * M_PI * freq * (double)i / rate));
		in[2 * i] = in[2 * i + 1] = v;
	}
}

/* Returns frames written to out; the delay is compensated. */
static size_t run_soxr(const float *in, size_t n, double rate, float *out,
		       size_t cap, unsigned long recipe)
{
	soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
	soxr_quality_spec_t q = soxr_quality_spec(recipe, 0);
	size_t done = 0;
	soxr_error_t e = soxr_oneshot(rate, 44100, 2, in, n, NULL, out, cap,
				      &done, &io, &q, NULL);
	if (e) {
		fprintf(stderr, "soxr: %s\n", e);
		exit(1);
	}
	return done;
}

static size_t run_src(const float *in, size_t n, double rate, float *out,
		      size_t cap, int type)
{
	SRC_DATA d = {0};
	d.data_in = in;
	d.input_frames = (long)n;
	d.data_out = out;
	d.output_frames = (long)cap;
	d.src_ratio = 44100.0 / rate;
	d.end_of_input = 1;
	int e = src_simple(&d, type, 2);
	if (e) {
		fprintf(stderr, "src: %s\n", src_strerror(e));
		exit(1);
	}
	return (size_t)d.output_frames_gen;
}

int main(void)
{
	static const double rates[] = {48000, 96000};
	static const double freqs[] = {1000, 19000};
	for (int r = 0; r < 2; r++) {
		size_t n = (size_t)(rates[r] * SECONDS);
		size_t cap = (size_t)(44100.0 * SECONDS) + 1024;
		float *in = malloc(n * 2 * sizeof(float));
		float *out = malloc(cap * 2 * sizeof(float));
		if (!in || !out)
			return 1;
		for (int f = 0; f < 2; f++) {
			make_sine(in, n, rates[r], freqs[f]);
			struct {
				const char *name;
				int soxr;
				unsigned long arg;
			} v[] = {
			    {"soxr HQ", 1, SOXR_HQ},
			    {"soxr VHQ", 1, SOXR_VHQ},
			    {"src SINC_BEST", 0, SRC_SINC_BEST_QUALITY},
			    {"src SINC_MEDIUM", 0, SRC_SINC_MEDIUM_QUALITY},
			};
			for (int k = 0; k < 4; k++) {
				double t0 = cpu_now();
				size_t m = v[k].soxr
					       ? run_soxr(in, n, rates[r], out,
							  cap, v[k].arg)
					       : run_src(in, n, rates[r], out,
							 cap, (int)v[k].arg);
				double t = cpu_now() - t0;
				printf(
				    "%6.0f Hz -> 44100, %5.0f Hz sine, %-16s "
				    "SNR %6.1f dB, %7.1fx realtime, %zu "
				    "frames\n",
				    rates[r], freqs[f], v[k].name,
				    snr_db(out, m, freqs[f]), SECONDS / t, m);
			}
		}
		free(in);
		free(out);
	}
	return 0;
}
