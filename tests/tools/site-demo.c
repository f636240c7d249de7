/* site-demo: writes a publication site with site_write, for
 * tests/site.bats and bench/publish-html.
 *
 *   site-demo [-n count] dir
 *   site-demo -b count dir
 *
 * The first form writes the first count (default all) of the sample
 * decisions below, which hold what a site must carry safely: an
 * organisation with its code, a natural person as 张某 with his ID
 * number already redacted, markup and "</script>" in a text, "&" and
 * quotes; and two withdrawals.  The second writes count decisions made
 * up alike, for the benchmark.  Prints nothing; on failure, the message,
 * and exits with site_write's status. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/site.h"

#define AGENCY "大同市市场监督管理局"
#define NOW "2026-11-25T10:00:00+08:00"

static const char checkpoint[] =
    "casetrail/8600a7dcf61f2fe1\n1432\n"
    "bBqz37gRjIbabWiSu8sU6JB+K3q2JkbrPIFm610T5rA=\n\n"
    "\xe2\x80\x94 casetrail/8600a7dcf61f2fe1/li.ming "
    "xOz/iCLEQ/nnzH6TU+OLfv02jbOFme589+JrvyiJH6ZifsbZr/HtqW+zsoXdlbjR4VQjz"
    "AExSq6hQPJYHuieF5Q+XQA=\n";

#define PROOF_TAIL \
    "path NLT03H+Bzn370hSW3XPS/F/jDmOHvBQSwDe0qbRa7UI=\n" \
    "path 3ihNxy8utkRBhjO1SZsgt7nam73BgDDPKKh8ECazrEw=\n" \
    "path qWjGrSwY488hhjWJ3wrHE8MFpx8TSGwPWOVMU/N5KfE=\n" \
    "\ncasetrail/8600a7dcf61f2fe1\n1432\n" \
    "bBqz37gRjIbabWiSu8sU6JB+K3q2JkbrPIFm610T5rA=\n"

static const struct site_page samples[] = {
	{
		.case_id = "2026-000042",
		.doc_number = "同市监罚〔2026〕12号",
		.party = "大同市某某超市有限公司",
		.party_code = "91140200MA0GRQ8L3K",
		.facts = "2026年9月1日，执法人员检查发现当事人在其经营场所"
		    "销售超过保质期的食品共计 36 件，货值 1,200 元 & 违法所得"
		    " 300 元。",
		.basis = "《中华人民共和国食品安全法》第三十四条第（十）项、"
		    "第一百二十四条第一款第（五）项",
		.penalty = "罚款 50000.00 元；没收违法所得 300.00 元",
		.agency = AGENCY,
		.decided = "2026-11-20",
		.published = "2026-11-24",
		.ends = "2029-11-24",
		.entry_line = "{\"seq\":1201,\"at\":\"2026-11-24T02:00:00Z\","
		    "\"action\":\"publish\",\"case\":\"2026-000042\"}",
		.proof = "casetrail-proof 1\nindex 1200\nline {\"seq\":1201,"
		    "\"at\":\"2026-11-24T02:00:00Z\",\"action\":\"publish\","
		    "\"case\":\"2026-000042\"}\n" PROOF_TAIL,
	},
	{
		.case_id = "2025-000318",
		.doc_number = "同市监罚〔2025〕207号",
		.party = "张某",
		.facts = "当事人张某（身份证号码［已隐去］，住山西省大同市平城区"
		    "［已隐去］）未取得食品经营许可从事食品销售活动。",
		.basis = "《中华人民共和国食品安全法》第一百二十二条第一款",
		.penalty = "警告；罚款 2000.00 元",
		.agency = AGENCY,
		.decided = "2025-12-10",
		.published = "2025-12-15",
		.entry_line = "{\"seq\":877,\"at\":\"2025-12-15T02:00:00Z\","
		    "\"action\":\"publish\",\"case\":\"2025-000318\"}",
		.proof = "casetrail-proof 1\nindex 876\nline {\"seq\":877,"
		    "\"at\":\"2025-12-15T02:00:00Z\",\"action\":\"publish\","
		    "\"case\":\"2025-000318\"}\n" PROOF_TAIL,
	},
	{
		.case_id = "2026-000077",
		.doc_number = "同市监罚〔2026〕31号",
		.party = "大同市\"云端\"网络科技有限公司",
		.party_code = "91140200MA0H2B7P5W",
		.facts = "当事人在网店页面中插入</script><b>最佳</b>等字样 & "
		    "'国家级' 用语，\n构成虚假宣传。",
		.basis = "《中华人民共和国广告法》第九条、第五十七条",
		.penalty = "责令停产停业；罚款 10000.00 元",
		.agency = AGENCY,
		.decided = "2026-10-30",
		.published = "2026-11-03",
		.ends = "2027-11-03",
		.entry_line = "{\"seq\":1188,\"at\":\"2026-11-03T02:00:00Z\","
		    "\"action\":\"publish\",\"case\":\"2026-000077\"}",
		.proof = "casetrail-proof 1\nindex 1187\nline {\"seq\":1188,"
		    "\"at\":\"2026-11-03T02:00:00Z\",\"action\":\"publish\","
		    "\"case\":\"2026-000077\"}\n" PROOF_TAIL,
	},
};

static const struct site_removal removals[] = {
	{ "2026-000007", "同市监罚〔2026〕3号", "经行政复议，原处罚决定被撤销",
	    "revoked", "2026-11-20" },
	{ "2026-000019", "同市监罚〔2026〕9号", "罚款数额变更为 <5000> 元 & "
	    "\"重新公示\"", "changed", "2026-11-22" },
};

/* The texts of a made-up decision that differ from one to the next. */
struct made {
	char id[32], doc[64], party[96], date[16], line[192];
};

/* count made-up decisions, three years of them, each with its own line;
 * the facts, basis and proof are the first sample's, of the same size as
 * real ones, shared so that the memory measured is the site's. */
static struct site_page *
bulk(unsigned count, struct made **texts)
{
	static const char *const penalties[] = { "罚款 50000.00 元",
	    "警告", "没收违法所得 1200.00 元；罚款 3000.00 元" };
	struct site_page *p = calloc(count, sizeof *p);
	struct made *m = *texts = calloc(count, sizeof *m);

	for (unsigned i = 0; p != NULL && m != NULL && i < count; i++) {
		unsigned year = 2024 + i % 3;

		p[i] = samples[0];
		snprintf(m[i].id, sizeof m[i].id, "%u-%06u", year, i);
		snprintf(m[i].doc, sizeof m[i].doc, "同市监罚〔%u〕%u号", year, i);
		snprintf(m[i].party, sizeof m[i].party,
		    "大同市某某商贸有限公司第%u分公司", i);
		snprintf(m[i].date, sizeof m[i].date, "%u-%02u-%02u", year,
		    i % 12 + 1, i % 28 + 1);
		snprintf(m[i].line, sizeof m[i].line, "{\"seq\":%u,\"at\":"
		    "\"%sT02:00:00Z\",\"action\":\"publish\",\"case\":\"%s\"}",
		    i + 1, m[i].date, m[i].id);
		p[i].case_id = m[i].id;
		p[i].doc_number = m[i].doc;
		p[i].party = m[i].party;
		p[i].decided = p[i].published = m[i].date;
		p[i].entry_line = m[i].line;
		p[i].penalty = penalties[i % 3];
	}
	return m != NULL ? p : NULL;
}

int
main(int argc, char *argv[])
{
	struct site_page *made = NULL;
	struct made *texts = NULL;
	const struct site_page *pages = samples;
	size_t n = sizeof samples / sizeof samples[0];
	int ch, rc;

	while ((ch = getopt(argc, argv, "b:n:")) != -1) {
		switch (ch) {
		case 'b':
			n = strtoul(optarg, NULL, 10);
			if (n > 10000000 ||
			    (pages = made = bulk((unsigned)n, &texts)) == NULL)
				return 5;
			break;
		case 'n':
			if (strtoul(optarg, NULL, 10) < n)
				n = strtoul(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 1)
		goto usage;
	rc = site_write(argv[optind], AGENCY, checkpoint, pages, n, removals,
	    made ? 0 : 2, NOW);
	if (rc != CT_OK)
		fprintf(stderr, "site-demo: %s\n", ct_errmsg());
	free(texts);
	free(made);
	return rc;
usage:
	fprintf(stderr, "usage: site-demo [-n count] dir\n"
	    "       site-demo -b count dir\n");
	return 2;
}
