/* Render helper: syntax highlighting. Consumes the text of a fenced code
 * block and its language, produces escaped HTML with tok-* spans (the
 * classes are listed in highlight.h). One rule table per language, each
 * compiled into one alternation regex `(r1)|(r2)|...` by rx.c.
 *
 * Why it is linear: every scan step is one hb_rx_match_valid() from the
 * current offset; the engine finds the leftmost match, and the next step
 * starts at its end, so each byte is consumed once. An attempt at one
 * position costs O(token) and is never repeated from inside the token:
 * identifiers are consumed whole (the IDENT rule), so keywords are never
 * tried inside a word; repeats are possessive, so nothing backtracks into
 * them; comments and strings are regions whose closer is found by a
 * plain forward scan (region_end), and an unclosed one ends at the end of
 * its line or block instead of failing and being retried. No rule needs
 * many pcre2 steps at one position, so the match limits of rx.c are
 * never reached by real code. */
#include "highlight.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "rx.h"
#include "str.h"
#include "xalloc.h"

/* One token rule. re is the token, or for a region (close != NULL) only
 * its opener: the region then runs to the end of the first `close` after
 * the opener, where `esc` (when not 0) makes the next byte literal; an
 * unclosed region ends at the end of its line when `eol`, else at the
 * end of the block. Regions are found by a plain forward scan in C, so
 * a long comment or string costs its length and can never hit a pcre2
 * limit. cls NULL consumes text as a unit but leaves it unwrapped.
 * colon_cls, when set, replaces cls for a token followed by blanks and
 * ':' (JSON keys). Patterns must not capture: the rule that matched is
 * the highest group that took part (struct hb_rx_m, `last`). */
struct rule {
	const char *cls;
	const char *re;
	const char *close;
	char esc;
	bool eol;
	const char *colon_cls;
};

struct lang {
	const char *name;
	const struct rule *rules;
	size_t nrules;
};

#define TOK(cls, re)	{ cls, re, NULL, 0, false, NULL }
/* A region closed by `close`; ESC: with backslash escapes. LINE: an
 * unclosed one stops at the end of the line. */
#define REGION(cls, re, close) { cls, re, close, 0, false, NULL }
#define REGION_ESC(cls, re, close) { cls, re, close, '\\', false, NULL }
#define LINE(cls, re, close) { cls, re, close, 0, true, NULL }
#define LINE_ESC(cls, re, close) { cls, re, close, '\\', true, NULL }

/* Shared pieces. Every repeat that a later item could backtrack into is
 * possessive (*+), so a failed attempt costs the token's length once. */
#define COM_LINE	"//[^\\n]*+"
#define COM_HASH	"#[^\\n]*+"
#define COM_BLOCK	REGION("tok-com", "/\\*", "*/")
#define STR_DQ		LINE_ESC("tok-str", "\"", "\"")
#define STR_SQ		LINE_ESC("tok-str", "'", "'")
/* A char or rune literal is short, so a bounded attempt is enough. */
#define CHAR_LIT	"'(?:[^'\\\\\\n]|\\\\[^\\n]){1,10}'"
#define NUM_CORE	"(?<![\\w.])(?:0[xX][0-9a-fA-F_]++|0[bB][01_]++" \
			"|0[oO][0-7_]++" \
			"|[0-9][0-9_]*+(?:\\.[0-9][0-9_]*+)?" \
			"(?:[eE][+-]?[0-9]++)?" \
			"|\\.[0-9][0-9_]*+(?:[eE][+-]?[0-9]++)?)"
#define FN_CALL		"[\\p{L}_]\\w*+(?=[ \\t]*+\\()"
#define IDENT		"\\w++"
#define WORDS(list)	"\\b(?:" list ")\\b"

#define NRULES(t)	(sizeof(t) / sizeof((t)[0]))

static const struct rule go_rules[] = {
	TOK("tok-com", COM_LINE),
	COM_BLOCK,
	REGION("tok-str", "`", "`"),	/* raw string, may span lines */
	STR_DQ,
	TOK("tok-str", CHAR_LIT),
	TOK("tok-kw", WORDS("break|case|chan|const|continue|default|defer"
	    "|else|fallthrough|for|func|go|goto|if|import|interface|map"
	    "|package|range|return|select|struct|switch|type|var")),
	TOK("tok-lit", WORDS("true|false|nil|iota")),
	TOK("tok-ty", WORDS("bool|byte|complex64|complex128|error|float32"
	    "|float64|int|int8|int16|int32|int64|rune|string|uint|uint8"
	    "|uint16|uint32|uint64|uintptr|any|comparable"
	    "|append|cap|clear|close|complex|copy|delete|imag|len|make"
	    "|max|min|new|panic|print|println|real|recover")),
	TOK("tok-ty", "(?<=\\btype )[\\p{L}_]\\w*+"),
	TOK("tok-num", NUM_CORE "i?"),
	TOK("tok-fn", FN_CALL),
	TOK(NULL, IDENT),
	TOK("tok-op", ":=|<-|\\.\\.\\.|&\\^=?|<<=?|>>=?|&&|\\|\\||\\+\\+|--"
	    "|[-+*%&|^<>=!]=?|/=?"),
};

static const struct rule c_rules[] = {
	TOK("tok-com", COM_LINE),
	COM_BLOCK,
	/* <stdio.h> after #include; \K leaves the blanks out of the span. */
	TOK("tok-str", "(?<=include)[ \\t]*+\\K<[^>\\n]*+>"),
	TOK("tok-meta", "^[ \\t]*+#[ \\t]*+[a-z]*+"),
	LINE_ESC("tok-str", "(?:u8|[LuU])?\"", "\""),
	TOK("tok-str", "[LuU]?" CHAR_LIT),
	TOK("tok-kw", WORDS("auto|break|case|const|continue|default|do|else"
	    "|enum|extern|for|goto|if|inline|register|restrict|return"
	    "|sizeof|static|struct|switch|typedef|union|volatile|while"
	    "|_Alignas|_Alignof|_Atomic|_Generic|_Noreturn|_Static_assert"
	    "|_Thread_local|alignas|alignof|static_assert")),
	TOK("tok-lit", WORDS("NULL|true|false")),
	TOK("tok-ty", WORDS("void|char|short|int|long|float|double|signed"
	    "|unsigned|bool|_Bool|_Complex|FILE|va_list")),
	TOK("tok-ty", "\\b[A-Za-z_]\\w*+(?<=_t)"),
	TOK("tok-ty", "(?<=\\bstruct |\\bunion |\\benum )[\\p{L}_]\\w*+"),
	TOK("tok-num", NUM_CORE "[uUlLfF]{0,3}+"),
	TOK("tok-fn", FN_CALL),
	TOK(NULL, IDENT),
	TOK("tok-op", "->|\\+\\+|--|<<=?|>>=?|&&|\\|\\||[-+*%&|^<>=!~]=?"
	    "|/=?|\\?"),
};

/* Shell keywords; also the words a command name cannot be. */
#define SH_KW "if|then|else|elif|fi|for|while|until|do|done|case|esac" \
	"|in|function|select|time|return|break|continue|local|export" \
	"|readonly|declare|unset|shift|trap|exit|source|alias|set"

static const struct rule shell_rules[] = {
	TOK("tok-meta", "^#![^\\n]*+"),
	TOK("tok-meta", "^\\$ "),		/* console prompt */
	TOK("tok-var", "\\$(?:\\{[^}\\n]*+\\}?|[\\p{L}_]\\w*+"
	    "|[0-9@*#?$!-])"),
	TOK("tok-com", "(?<![^\\s;|&(])" COM_HASH),
	STR_DQ,
	/* Single quotes have no escapes and must close on the line: an
	 * unclosed one ("it's" in console output) stays plain text, and it
	 * fails at most once a line since no quote follows it. */
	TOK("tok-str", "'[^'\\n]*+'"),
	TOK("tok-kw", WORDS(SH_KW)),
	TOK("tok-var", "(?<![\\w$-])[\\p{L}_]\\w*+(?==)"),
	/* A command name: first word of a line, a pipeline stage or a
	 * list element, after a prompt or a keyword that runs one. */
	TOK("tok-fn", "(?:^|(?<=[|;&(`]|^\\$ |\\bif |\\bthen |\\bdo "
	    "|\\belse |\\bwhile |\\buntil |\\btime |\\bsudo |\\bexec "
	    "|\\bxargs ))[ \\t]*+\\K(?!(?:" SH_KW ")\\b)(?![\\w./+-]*+=)"
	    "[\\p{L}_./~][\\w./+-]*+"),
	TOK("tok-num", "(?<![\\w.-])[0-9]++(?![\\w.])"),
	TOK(NULL, IDENT),
	TOK("tok-op", "&&|\\|\\||;;|\\|&?|[0-9]*+[<>]{1,2}+&?|&|;"),
};

static const struct rule yaml_rules[] = {
	TOK("tok-meta", "^(?:---|\\.\\.\\.)(?=[ \\t]|$)"),
	TOK("tok-com", "(?<!\\S)" COM_HASH),
	/* A key: the start of a line, after the indentation and any "- "
	 * of a sequence entry, up to the first ": " or ":" at the end of
	 * the line. Bounded, so a long line costs nothing extra. */
	TOK("tok-key", "^[ \\t]*+(?:-[ \\t]++){0,8}+\\K"
	    "(?:\"[^\"\\n]{0,256}+\"|'[^'\\n]{0,256}+'"
	    "|[^\\s#'\"\\[\\]{},:&*!|>%@`-][^\\n#]{0,256}?)"
	    "(?=[ \\t]*+:(?:[ \\t]|$))"),
	TOK("tok-meta", "(?<!\\S)!{1,2}+[\\w./:-]*+"),
	TOK("tok-var", "(?<!\\S)[&*][\\w./-]++"),
	LINE_ESC("tok-str", "(?<!\\w)\"", "\""),
	/* '' inside a single-quoted scalar closes and reopens: same look. */
	LINE("tok-str", "(?<!\\w)'", "'"),
	TOK("tok-op", "(?<=: |- )[|>][+-]?[0-9]?(?=[ \\t]*+(?:#|$))"),
	/* Scalars count only as a whole value. */
	TOK("tok-lit", "(?<=[ \\t,\\[])(?:true|false|yes|no|on|off|null"
	    "|True|False|TRUE|FALSE|Yes|No|YES|NO|On|Off|ON|OFF|Null|NULL|~)"
	    "(?=[ \\t]*+(?:#|$|[,\\]}]))"),
	TOK("tok-num", "(?<=[ \\t,\\[])[-+]?(?:0x[0-9a-fA-F]++|0o[0-7]++"
	    "|[0-9][0-9_]*+(?:\\.[0-9]*+)?(?:[eE][+-]?[0-9]++)?"
	    "|\\.inf|\\.nan)(?=[ \\t]*+(?:#|$|[,\\]}]))"),
	TOK(NULL, IDENT),
};

static const struct rule json_rules[] = {
	TOK("tok-com", COM_LINE),		/* JSONC */
	COM_BLOCK,
	{ "tok-str", "\"", "\"", '\\', true, "tok-key" },
	TOK("tok-lit", WORDS("true|false|null")),
	TOK("tok-num", "(?<![\\w.])-?[0-9]++(?:\\.[0-9]++)?"
	    "(?:[eE][+-]?[0-9]++)?"),
	TOK(NULL, IDENT),
};

static const struct rule sql_rules[] = {
	TOK("tok-com", "--[^\\n]*+"),
	COM_BLOCK,
	/* 'it''s' closes and reopens, which looks the same. */
	LINE("tok-str", "'", "'"),
	/* Quoted identifiers: one unit, so no keyword shows inside. */
	TOK(NULL, "\"[^\"\\n]*+\"|`[^`\\n]*+`"),
	TOK("tok-var", "(?<![:\\w])[:@$](?:[\\p{L}_]\\w*+|[0-9]++)"),
	TOK("tok-kw", "(?i:" WORDS("select|from|where|and|or|not|in|is"
	    "|like|between|exists|insert|into|values|update|set|delete"
	    "|create|table|index|view|drop|alter|add|column|primary|key"
	    "|foreign|references|unique|default|constraint|join|inner"
	    "|left|right|full|outer|cross|on|as|group|by|order|having"
	    "|limit|offset|union|all|distinct|case|when|then|else|end|asc"
	    "|desc|begin|commit|rollback|transaction|if|replace|explain"
	    "|analyze|with|recursive|returning|over|partition|window"
	    "|using|natural|lock|for|share|nowait|skip|locked|isolation"
	    "|level|read|write|committed|uncommitted|repeatable"
	    "|serializable|database|schema|grant|revoke|truncate|cascade"
	    "|auto_increment|engine|show|use|check|any|some|escape") ")"),
	TOK("tok-lit", "(?i:" WORDS("null|true|false") ")"),
	TOK("tok-ty", "(?i:" WORDS("int|integer|bigint|smallint|tinyint"
	    "|varchar|char|text|decimal|numeric|float|double|real|boolean"
	    "|bool|date|time|timestamp|timestamptz|datetime|interval|blob"
	    "|json|jsonb|uuid|serial|bigserial|bytea") ")"),
	TOK("tok-num", NUM_CORE),
	TOK("tok-fn", FN_CALL),
	TOK(NULL, IDENT),
	TOK("tok-op", "<>|!=|<=|>=|\\|\\||::|[-+*/%=<>?]"),
};

static const struct rule python_rules[] = {
	TOK("tok-com", COM_HASH),
	/* A decorator. */
	TOK("tok-meta", "^[ \\t]*+\\K@[\\p{L}_][\\w.]*+"),
	/* Triple-quoted strings span lines, to the end if unclosed. */
	REGION_ESC("tok-str", "(?i:[rbuf]{0,2})\"\"\"", "\"\"\""),
	REGION_ESC("tok-str", "(?i:[rbuf]{0,2})'''", "'''"),
	LINE_ESC("tok-str", "(?i:[rbuf]{0,2})\"", "\""),
	LINE_ESC("tok-str", "(?i:[rbuf]{0,2})'", "'"),
	TOK("tok-kw", WORDS("and|as|assert|async|await|break|class|continue"
	    "|def|del|elif|else|except|finally|for|from|global|if|import"
	    "|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while"
	    "|with|yield|match|case")),
	TOK("tok-lit", WORDS("True|False|None|NotImplemented|Ellipsis")),
	TOK("tok-var", WORDS("self|cls")),
	TOK("tok-ty", WORDS("int|float|str|bytes|bool|list|dict|set|tuple"
	    "|frozenset|object|type|complex|bytearray|len|range|print|open"
	    "|super|isinstance|issubclass|enumerate|zip|map|filter|sorted"
	    "|reversed|min|max|sum|abs|any|all|iter|next|repr|hash|id"
	    "|input|getattr|setattr|hasattr|property|staticmethod"
	    "|classmethod|Exception|BaseException|ValueError|TypeError"
	    "|KeyError|IndexError|AttributeError|RuntimeError"
	    "|StopIteration|NotImplementedError|ImportError|OSError"
	    "|ZeroDivisionError")),
	TOK("tok-ty", "(?<=\\bclass )[\\p{L}_]\\w*+"),
	TOK("tok-num", NUM_CORE "[jJ]?"),
	TOK("tok-fn", FN_CALL),
	TOK(NULL, IDENT),
	TOK("tok-op", "\\*\\*=?|//=?|->|:=|<<=?|>>=?|[-+*/%&|^<>=!~@]=?"),
};

static const struct rule js_rules[] = {
	TOK("tok-com", COM_LINE),
	COM_BLOCK,
	/* Template literals span lines, to the end if unclosed. */
	REGION_ESC("tok-str", "`", "`"),
	STR_DQ,
	STR_SQ,
	TOK("tok-kw", WORDS("break|case|catch|class|const|continue|debugger"
	    "|default|delete|do|else|export|extends|finally|for|function"
	    "|if|import|in|instanceof|let|new|return|switch|throw|try"
	    "|typeof|var|void|while|with|yield|async|await|of|static|get"
	    "|set|from|as|type|interface|enum|implements|private"
	    "|protected|public|readonly|abstract|declare|namespace"
	    "|keyof")),
	TOK("tok-lit", WORDS("true|false|null|undefined|NaN|Infinity")),
	TOK("tok-var", WORDS("this|super")),
	TOK("tok-ty", WORDS("string|number|boolean|any|unknown|never|object"
	    "|symbol|bigint|Array|Map|Set|WeakMap|WeakSet|Promise|Object"
	    "|String|Number|Boolean|Date|Error|RegExp|JSON|Math|Symbol"
	    "|BigInt|console")),
	TOK("tok-ty", "(?<=\\bclass |\\binterface |\\bextends "
	    "|\\bimplements )[\\p{L}_$][\\w$]*+"),
	TOK("tok-num", NUM_CORE "n?"),
	TOK("tok-fn", "[\\p{L}_$][\\w$]*+(?=[ \\t]*+\\()"),
	TOK(NULL, "[\\w$]++"),
	TOK("tok-op", "=>|===?|!==?|\\?\\?=?|\\?\\.|\\.\\.\\.|&&=?|\\|\\|=?"
	    "|\\*\\*=?|<<=?|>>>?=?|\\+\\+|--|[-+*/%&|^<>=!~?]=?"),
};

static const struct rule promql_rules[] = {
	TOK("tok-com", COM_HASH),
	STR_DQ,
	STR_SQ,
	LINE("tok-str", "`", "`"),
	TOK("tok-num", "(?<![\\w.])(?:[0-9]++(?:ms|[smhdwy])){1,6}+"
	    "(?![\\w.])"),
	TOK("tok-kw", WORDS("sum|min|max|avg|group|stddev|stdvar|count"
	    "|count_values|bottomk|topk|quantile|limitk|limit_ratio|by"
	    "|without|on|ignoring|group_left|group_right|offset|bool|and"
	    "|or|unless|atan2")),
	/* A label name in a matcher: job="x", code!~"5.." */
	TOK("tok-key", "[\\p{L}_]\\w*+(?=[ \\t]*+(?:=~|!~|!=|=(?!=)))"),
	TOK("tok-num", NUM_CORE),
	TOK("tok-fn", FN_CALL),
	TOK(NULL, "[\\w:]++"),
	TOK("tok-op", "=~|!~|==|!=|>=|<=|[-+*/%^<>=@]"),
};

/* Canonical languages; the order is the index into hb_highlighter.rx. */
static const struct lang langs[] = {
	{ "go", go_rules, NRULES(go_rules) },
	{ "c", c_rules, NRULES(c_rules) },
	{ "shell", shell_rules, NRULES(shell_rules) },
	{ "yaml", yaml_rules, NRULES(yaml_rules) },
	{ "json", json_rules, NRULES(json_rules) },
	{ "sql", sql_rules, NRULES(sql_rules) },
	{ "python", python_rules, NRULES(python_rules) },
	{ "javascript", js_rules, NRULES(js_rules) },
	{ "promql", promql_rules, NRULES(promql_rules) },
};

#define NLANGS NRULES(langs)

/* Fence names (lowercase) to canonical names; "text" has no table. */
static const struct {
	const char *alias;
	const char *lang;
} aliases[] = {
	{ "go", "go" }, { "golang", "go" },
	{ "c", "c" }, { "h", "c" },
	{ "sh", "shell" }, { "bash", "shell" }, { "shell", "shell" },
	{ "console", "shell" }, { "zsh", "shell" },
	{ "shell-session", "shell" },
	{ "yaml", "yaml" }, { "yml", "yaml" },
	{ "json", "json" }, { "jsonc", "json" }, { "json5", "json" },
	{ "sql", "sql" }, { "mysql", "sql" }, { "postgresql", "sql" },
	{ "postgres", "sql" }, { "pgsql", "sql" }, { "sqlite", "sql" },
	{ "python", "python" }, { "py", "python" }, { "python3", "python" },
	{ "javascript", "javascript" }, { "js", "javascript" },
	{ "jsx", "javascript" }, { "mjs", "javascript" },
	{ "node", "javascript" }, { "ts", "javascript" },
	{ "typescript", "javascript" }, { "tsx", "javascript" },
	{ "promql", "promql" },
	{ "text", "text" }, { "txt", "text" }, { "plain", "text" },
	{ "plaintext", "text" },
};

struct hb_highlighter {
	struct hb_rx *rx[NLANGS];	/* owned, one per langs[] entry */
};

struct hb_highlighter *
hb_highlighter_new(struct hb_diag *d)
{
	struct hb_highlighter *h = hb_xcalloc(1, sizeof(*h));
	struct hb_buf pat;
	size_t i, j;
	int ok = 1;

	hb_buf_init(&pat, HB_BUF_NOCAP);
	for (i = 0; i < NLANGS; i++) {
		const struct lang *l = &langs[i];
		char path[64];
		struct hb_pos where;

		/* Positions point into the combined pattern of the table. */
		snprintf(path, sizeof(path), "<highlight:%s>", l->name);
		where.path = path;
		where.line = 1;
		where.col = 1;
		hb_buf_reset(&pat);
		for (j = 0; j < l->nrules; j++) {
			if (j > 0)
				hb_buf_putc(&pat, '|');
			hb_buf_putc(&pat, '(');
			hb_buf_puts(&pat, l->rules[j].re);
			hb_buf_putc(&pat, ')');
		}
		h->rx[i] = hb_rx_compile(hb_buf_str(&pat), HB_RX_MULTILINE,
		    d, &where);
		if (h->rx[i] == NULL) {
			ok = 0;
			continue;
		}
		/* A capturing group inside a rule would shift the numbers
		 * that identify the rules. */
		if ((size_t)hb_rx_groups(h->rx[i]) != l->nrules) {
			hb_diag_error(d, &where, "highlight table '%s' has %d "
			    "groups for %zu rules (a rule captures)", l->name,
			    hb_rx_groups(h->rx[i]), l->nrules);
			ok = 0;
		}
	}
	hb_buf_fini(&pat);
	if (!ok) {
		hb_highlighter_free(h);
		return NULL;
	}
	return h;
}

void
hb_highlighter_free(struct hb_highlighter *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < NLANGS; i++)
		hb_rx_free(h->rx[i]);
	free(h);
}

const char *
hb_highlight_lang(const char *info)
{
	char word[24];
	size_t n = 0, i;

	if (info == NULL)
		return NULL;
	/* Pandoc-style "{.go}" and leading blanks are tolerated. */
	while (*info == ' ' || *info == '\t' || *info == '{' || *info == '.')
		info++;
	while (info[n] != '\0' && info[n] != ' ' && info[n] != '\t' &&
	    info[n] != '\n' && info[n] != '{' && info[n] != '}' &&
	    info[n] != ',') {
		if (n + 1 >= sizeof(word))
			return NULL;
		word[n] = info[n];
		if (word[n] >= 'A' && word[n] <= 'Z')
			word[n] = (char)(word[n] - 'A' + 'a');
		n++;
	}
	word[n] = '\0';
	for (i = 0; i < NRULES(aliases); i++) {
		if (strcmp(word, aliases[i].alias) == 0)
			return aliases[i].lang;
	}
	return NULL;
}

/* Appends p[0..n) escaped, wrapped in a `cls` span line by line: the
 * span is closed before every newline and reopened after it, and empty
 * pieces get no span. cls NULL appends plain escaped text. */
static void
emit(struct hb_buf *out, const char *cls, const char *p, size_t n)
{
	if (cls == NULL) {
		hb_buf_html(out, p, n);
		return;
	}
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t seg = nl != NULL ? (size_t)(nl - p) : n;

		if (seg > 0) {
			hb_buf_puts(out, "<span class=\"");
			hb_buf_puts(out, cls);
			hb_buf_puts(out, "\">");
			hb_buf_html(out, p, seg);
			hb_buf_puts(out, "</span>");
		}
		if (nl == NULL)
			break;
		hb_buf_putc(out, '\n');
		p += seg + 1;
		n -= seg + 1;
	}
}

/* Length of the UTF-8 sequence led by byte c (the text is valid). */
static size_t
seqlen(unsigned char c)
{
	if (c < 0xc0)
		return 1;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return 4;
}

static const struct lang *
find_lang(const struct hb_highlighter *h, const char *lang,
    const struct hb_rx **rx)
{
	const char *name = hb_highlight_lang(lang);
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < NLANGS; i++) {
		if (strcmp(langs[i].name, name) == 0) {
			*rx = h->rx[i];
			return &langs[i];
		}
	}
	return NULL;
}

/* Returns the end of the region of rule r whose opener ends at i. */
static size_t
region_end(const struct rule *r, const char *code, size_t n, size_t i)
{
	size_t clen = strlen(r->close);

	while (i < n) {
		if (r->esc != '\0' && code[i] == r->esc) {
			/* The escaped byte may lead a UTF-8 sequence; its
			 * continuation bytes can never equal an ASCII
			 * closer, so stepping two bytes is safe. */
			i += 2;
			continue;
		}
		if (r->eol && code[i] == '\n')
			return i;
		if (code[i] == r->close[0] && n - i >= clen &&
		    memcmp(code + i, r->close, clen) == 0)
			return i + clen;
		i++;
	}
	return n;
}

/* Returns the class of the token code[ms..me) matched by rule r. */
static const char *
token_class(const struct rule *r, const char *code, size_t n, size_t me)
{
	if (r->colon_cls != NULL) {
		while (me < n && (code[me] == ' ' || code[me] == '\t' ||
		    code[me] == '\r' || code[me] == '\n'))
			me++;
		if (me < n && code[me] == ':')
			return r->colon_cls;
	}
	return r->cls;
}

int
hb_highlight(const struct hb_highlighter *h, struct hb_rx_scratch *s,
    const char *lang, const char *code, size_t n, struct hb_buf *out)
{
	const struct hb_rx *rx = NULL;
	const struct lang *l = find_lang(h, lang, &rx);
	struct hb_rx_m m;
	size_t pos = 0;
	int rc = 0;

	if (l == NULL) {
		hb_buf_html(out, code, n);
		return 0;
	}
	/* One check here lets every scan step skip pcre2's own check of
	 * the rest of the block, which would make the scan quadratic. */
	if (hb_utf8_check(code, n) != n) {
		hb_buf_html(out, code, n);
		return 1;
	}
	while (pos < n) {
		const struct rule *r;
		int got = hb_rx_match_valid(rx, s, code, n, pos, &m);
		size_t ms, me;

		if (got == 0)
			break;
		if (got < 0) {
			rc = 1;
			break;
		}
		ms = (size_t)m.start;
		me = (size_t)m.end;
		assert(ms >= pos && ms <= n && m.last >= 1 &&
		    (size_t)m.last <= l->nrules);
		emit(out, NULL, code + pos, ms - pos);
		if (me <= ms) {
			/* No rule matches empty text, but never loop: step
			 * over one character. */
			if (ms >= n)
				break;
			me = ms + seqlen((unsigned char)code[ms]);
			emit(out, NULL, code + ms, me - ms);
			pos = me;
			continue;
		}
		r = &l->rules[m.last - 1];
		if (r->close != NULL)
			me = region_end(r, code, n, me);
		emit(out, token_class(r, code, n, me), code + ms, me - ms);
		pos = me;
	}
	if (pos < n)
		emit(out, NULL, code + pos, n - pos);
	return rc;
}

/* Returns true when s starts a line of code (it is the start or follows
 * a newline, after blanks). */
static bool
at_line_start(const char *code, const char *s)
{
	while (s > code && (s[-1] == ' ' || s[-1] == '\t'))
		s--;
	return s == code || s[-1] == '\n';
}

/* Returns true when needle occurs in code at a line start. */
static bool
has_line(const char *code, const char *needle)
{
	const char *p = strstr(code, needle);

	while (p != NULL) {
		if (at_line_start(code, p))
			return true;
		p = strstr(p + 1, needle);
	}
	return false;
}

bool
hb_highlight_looks_like_go(const char *code)
{
	static const char *const marks[] = {
		":=", "go func", "chan ", "<-", "defer ", "fmt.", "errors.",
		"err != nil", "func (",
	};
	int score = 0;
	size_t i;

	if (code == NULL)
		return false;
	if (has_line(code, "package "))
		return true;
	if (has_line(code, "func "))
		score++;
	for (i = 0; i < NRULES(marks); i++) {
		if (strstr(code, marks[i]) != NULL)
			score++;
	}
	return score >= 2;
}
