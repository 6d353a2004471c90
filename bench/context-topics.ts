// The hand-written part of the context benchmark's dataset: topics, each with the records an
// agent would have learned about it and two tasks (queries) a person would write, worded
// differently from the records. A query's relevant records are its topic's records: the
// labels come from how the topics were written, not from an independent annotator.

export interface Topic {
  tags: string[];
  records: [kind: string, title: string, body: string][];
  queries: [text: string, tags: string[]][];
}

export const TOPICS: Topic[] = [
  { tags: ['api', 'rate-limit'], records: [
    ['skill', 'Skill retry-with-jittered-backoff: retry HTTP 429 and 503 responses with exponential backoff and jitter', 'Wait base * 2^attempt plus random jitter; honour Retry-After; give up after 5 attempts.'],
    ['entity', 'Entity acme-rate-limiter: Acme API allows 100 requests per minute per token', 'Exceeding it returns 429 with a Retry-After header in seconds.'],
    ['reflection', 'Reflection on sync-acme-3', 'The Acme sync failed because it ignored Retry-After; sleeping for the header value fixed the 429 storm.'],
  ], queries: [['Our nightly Acme import keeps hitting 429 Too Many Requests; make it respect the limit', ['api']], ['Add retries with backoff to the Acme client so bursts do not fail', []]] },
  { tags: ['api', 'pagination'], records: [
    ['skill', 'Skill cursor-pagination-loop: fetch every page of a cursor-paginated endpoint', 'Follow next_cursor until it is null; never compute offsets; stop on an empty page.'],
    ['hypothesis', 'Hypothesis cursor-pagination-requires-scope: cursor pagination endpoints require the read:items scope', 'Seen once: /items returned 403 with a cursor but no scope.'],
  ], queries: [['Fetch all pages from the items endpoint that returns a next cursor', ['pagination']], ['The list call only gives 50 results; get the rest using the cursor', []]] },
  { tags: ['sql', 'security'], records: [
    ['skill', 'Skill sql-parameterization: build SELECT queries with bound parameters', 'Never interpolate values; pass them as parameters; whitelist table and column identifiers.'],
    ['reflection', 'Reflection on review-flask-endpoint', 'The f-string query was an SQL injection; bound parameters and an identifier whitelist closed it.'],
  ], queries: [['Review this endpoint that formats user input into a SQL query string', ['security']], ['Write a query builder for SELECT with WHERE conditions that is safe against injection', ['sql']]] },
  { tags: ['sse', 'streaming'], records: [
    ['skill', 'Skill sse-reconnect: consume server-sent events with reconnection', 'Track Last-Event-ID, reconnect with backoff, handle the retry field, parse data lines until a blank line.'],
    ['entity', 'Entity events-stream: the vendor event stream drops idle connections after 60 seconds', 'Send or expect a comment heartbeat every 30 seconds.'],
  ], queries: [['Consume the vendor server-sent events stream without losing events on disconnect', ['sse']], ['Our event stream client dies after a minute idle; keep it alive', ['streaming']]] },
  { tags: ['auth', 'oauth'], records: [
    ['skill', 'Skill oauth-token-refresh: refresh OAuth access tokens before expiry', 'Store expires_at; refresh 60 seconds early; serialise refreshes with a lock; retry once on 401.'],
    ['entity', 'Entity acme-access-token: Acme OAuth access tokens expire after 3600 seconds', 'Refresh tokens are single use; a second use revokes the session.'],
  ], queries: [['Requests start failing with 401 after an hour; handle token expiry', ['auth']], ['Implement OAuth refresh for the Acme client so two workers do not both refresh', ['oauth']]] },
  { tags: ['postgres', 'performance'], records: [
    ['skill', 'Skill explain-analyze-index: find the missing index from EXPLAIN ANALYZE', 'Look for Seq Scan on large tables under a filter; add a btree index on the filter columns; re-check the plan.'],
    ['relation', 'Relation missing-index-causes-latency: missing indexes on orders.customer_id cause slow checkout queries', 'p95 dropped from 900 ms to 40 ms after the index.'],
  ], queries: [['The checkout page query on orders is slow in Postgres; speed it up', ['postgres']], ['Diagnose a sequential scan in the query plan for the customer orders lookup', ['performance']]] },
  { tags: ['docker', 'deploy'], records: [
    ['skill', 'Skill docker-layer-caching: order Dockerfile steps for cache hits', 'Copy the lock file and install dependencies before copying the source; use a .dockerignore.'],
    ['reflection', 'Reflection on build-image-7', 'Copying the whole source before npm ci invalidated the cache on every commit; builds took 6 minutes.'],
  ], queries: [['Our Docker image rebuilds all dependencies on every code change; fix the Dockerfile', ['docker']], ['Make container builds faster by reusing cached layers', []]] },
  { tags: ['csv', 'data-cleaning'], records: [
    ['skill', 'Skill csv-encoding-detect: read CSV files of unknown encoding safely', 'Try utf-8-sig, then cp1252; normalise line endings; report rows that fail to parse with their line numbers.'],
    ['entity', 'Entity vendor-export-csv: the vendor export CSV uses semicolons and a comma decimal separator', 'Dates are DD.MM.YYYY.'],
  ], queries: [['Parse the vendor export file where numbers look like 3,50 and fields are split by semicolons', ['csv']], ['Load the CSV export that breaks on accented characters', ['data-cleaning']]] },
  { tags: ['time-series', 'anomaly'], records: [
    ['skill', 'Skill rolling-zscore-anomalies: flag anomalies in a time series with a rolling z-score', 'Window of 24 points, threshold 3, skip windows with gaps; report start and end of each run.'],
    ['reflection', 'Reflection on iris-anomaly-2', 'Daily seasonality made every Monday an anomaly; detrend by weekday first.'],
  ], queries: [['Find unusual spikes in the hourly sign-up metric', ['anomaly']], ['Detect outliers in the time series of daily orders, accounting for weekly patterns', ['time-series']]] },
  { tags: ['nda', 'legal'], records: [
    ['skill', 'Skill nda-term-review: review confidentiality term and exceptions in an NDA', 'Quote the clause; check the survival period, carve-outs for independently developed information, and one-sided duties.'],
    ['entity', 'Entity indefinite-confidentiality: clauses that keep some information confidential indefinitely conflict with a fixed term', 'Flag and propose a single fixed term.'],
  ], queries: [['Review the confidentiality period in this non-disclosure agreement', ['legal']], ['Is a clause that keeps independently developed information secret forever a problem in the NDA?', ['nda']]] },
  { tags: ['indemnity', 'legal'], records: [
    ['skill', 'Skill indemnity-cap-check: check indemnification clauses for caps and scope', 'Look for uncapped indemnities, third-party IP claims, and mutuality.'],
  ], queries: [['Flag risks in the indemnification section of the master services agreement', ['legal']], ['Does this contract make us indemnify without any cap?', ['indemnity']]] },
  { tags: ['gdpr', 'privacy'], records: [
    ['skill', 'Skill gdpr-dpa-checklist: check a data processing agreement against GDPR article 28', 'Processor instructions, sub-processor approval, breach notice within 72 hours, deletion at end.'],
    ['entity', 'Entity breach-notice-window: GDPR requires notifying the authority of a personal data breach within 72 hours', 'Contracts promising later notice to the controller are a risk.'],
  ], queries: [['Review this data processing agreement for GDPR compliance', ['gdpr']], ['The vendor may tell us about data breaches within 10 days; is that acceptable under European privacy law?', ['privacy']]] },
  { tags: ['dialogue', 'fiction'], records: [
    ['skill', 'Skill dialogue-tags-trim: tighten dialogue tags in fiction', 'Prefer said; drop adverbs on tags; use action beats to show who speaks.'],
    ['reflection', 'Reflection on feedback-chapter4', "The author's dialogue leaned on adverbs like angrily; beats showed the anger better."],
  ], queries: [['Give feedback on the conversations in this chapter; the speech attributions feel clumsy', ['fiction']], ['How can the author fix dialogue tags full of adverbs?', ['dialogue']]] },
  { tags: ['pacing', 'fiction'], records: [
    ['skill', 'Skill action-scene-pacing: pace action scenes', 'Short sentences and paragraphs in the peak; cut interior monologue; one sensory detail per beat.'],
  ], queries: [['The chase scene drags; advise on pacing', ['fiction']], ['Make the fight sequence feel faster to read', ['pacing']]] },
  { tags: ['go', 'concurrency'], records: [
    ['skill', 'Skill go-worker-pool: bounded worker pool in Go', 'A buffered jobs channel, N goroutines, a WaitGroup, close the channel after sending; collect errors with errgroup.'],
    ['reflection', 'Reflection on revu-go-race', 'The reviewed code appended to a shared slice from goroutines without a mutex: a data race caught by -race.'],
  ], queries: [['Review this Go code that spawns goroutines writing to one slice', ['go']], ['Limit concurrency when processing thousands of jobs in Golang', ['concurrency']]] },
  { tags: ['react', 'frontend'], records: [
    ['skill', 'Skill react-effect-cleanup: clean up effects in React components', 'Return a cleanup from useEffect; abort fetches with AbortController; avoid setting state after unmount.'],
  ], queries: [['Fix the warning about updating state on an unmounted component', ['react']], ['The component keeps fetching after navigation away; stop it', ['frontend']]] },
  { tags: ['kubernetes', 'deploy'], records: [
    ['skill', 'Skill k8s-readiness-probe: set readiness and liveness probes', 'Readiness checks dependencies; liveness only the process; initialDelaySeconds above the startup time.'],
    ['entity', 'Entity api-startup-time: the API pod needs about 40 seconds to warm its caches', 'Liveness probes before that restart it in a loop.'],
  ], queries: [['Pods restart in a loop right after deploy; tune the health checks', ['kubernetes']], ['Configure probes so traffic only reaches the API after warm-up', ['deploy']]] },
  { tags: ['redis', 'cache'], records: [
    ['skill', 'Skill cache-stampede-guard: prevent cache stampedes', 'Use a lock or single-flight per key, jitter TTLs, serve stale while revalidating.'],
    ['reflection', 'Reflection on cache-outage-2', 'All keys expired at midnight at once and the database fell over; jittered TTLs fixed it.'],
  ], queries: [['When the Redis keys expire together the database load spikes; prevent it', ['cache']], ['Stop thundering herd requests on cache miss', ['redis']]] },
  { tags: ['git', 'workflow'], records: [
    ['skill', 'Skill git-bisect-regression: find the commit that introduced a regression', 'git bisect start, mark good and bad, run the test script with bisect run.'],
  ], queries: [['Something broke between release 1.4 and 1.5; find which commit did it', ['git']], ['Automate finding the bad commit with a test', ['workflow']]] },
  { tags: ['python', 'packaging'], records: [
    ['skill', 'Skill python-lockfile-deps: pin Python dependencies reproducibly', 'Use a lock file with hashes; separate dev dependencies; install with --require-hashes in CI.'],
  ], queries: [['Builds pull a new version of a library and break; make Python installs reproducible', ['python']], ['Pin the requirements so CI and laptops install the same packages', ['packaging']]] },
  { tags: ['webhook', 'security'], records: [
    ['skill', 'Skill webhook-signature-verify: verify webhook signatures', 'Compute HMAC-SHA256 over the raw body with the shared secret; constant-time compare; reject old timestamps.'],
    ['entity', 'Entity acme-webhook-header: Acme signs webhooks in the X-Acme-Signature header with a t= timestamp', 'Tolerance 300 seconds.'],
  ], queries: [['Check that incoming Acme webhooks really come from Acme', ['webhook']], ['Validate the HMAC on callback requests before processing them', ['security']]] },
  { tags: ['timezone', 'dates'], records: [
    ['skill', 'Skill utc-storage: store timestamps in UTC and convert at the edges', 'Store UTC with offset; convert to the user zone only for display; beware DST gaps.'],
    ['reflection', 'Reflection on report-dst-bug', 'The daily report double counted an hour on the DST change because it used local midnight.'],
  ], queries: [['The daily report is wrong on the night clocks change; fix it', ['dates']], ['How should we store event times for users in many time zones?', ['timezone']]] },
  { tags: ['email', 'deliverability'], records: [
    ['skill', 'Skill email-dkim-spf: set up SPF, DKIM and DMARC', 'Publish SPF with the sending hosts, sign with DKIM, start DMARC at p=none and read reports.'],
  ], queries: [['Our transactional mails land in spam; fix the DNS records', ['email']], ['Configure domain authentication for outgoing email', ['deliverability']]] },
  { tags: ['testing', 'flaky'], records: [
    ['skill', 'Skill flaky-test-triage: triage flaky tests', 'Rerun with a fixed seed, look for shared state, time and ordering; quarantine with an issue, never just retry.'],
    ['reflection', 'Reflection on ci-flake-9', 'The test depended on wall clock seconds; injecting a clock made it deterministic.'],
  ], queries: [['A test fails one run in ten in CI; find out why', ['testing']], ['Make the intermittently failing test deterministic', ['flaky']]] },
  { tags: ['logging', 'privacy'], records: [
    ['skill', 'Skill log-redaction: keep secrets and personal data out of logs', 'Redact by key and by pattern at the logger; never log request bodies by default; test the redaction.'],
  ], queries: [['API keys showed up in our logs; stop that from happening', ['logging']], ['Scrub emails and tokens from application log output', ['privacy']]] },
  { tags: ['s3', 'storage'], records: [
    ['skill', 'Skill s3-multipart-upload: upload large files to S3 with multipart', 'Parts of 8 to 64 MB, parallel with a limit, retry parts, complete or abort the upload.'],
    ['entity', 'Entity s3-single-put-limit: a single PUT to S3 is limited to 5 GB', 'Larger objects need multipart upload.'],
  ], queries: [['Uploading a 12 GB backup to the bucket fails; handle large objects', ['s3']], ['Speed up big file uploads to object storage with parallel parts', ['storage']]] },
  { tags: ['graphql', 'api'], records: [
    ['skill', 'Skill graphql-n-plus-one: batch GraphQL resolvers', 'Use a DataLoader per request to batch and cache lookups by key.'],
  ], queries: [['The GraphQL query for posts with authors makes hundreds of database calls', ['graphql']], ['Batch the resolver lookups to avoid the N+1 problem', ['api']]] },
  { tags: ['payments', 'idempotency'], records: [
    ['skill', 'Skill idempotency-keys: make payment requests idempotent', 'Send an Idempotency-Key per logical operation; store results by key; return the stored result on retry.'],
    ['reflection', 'Reflection on double-charge-1', 'A timeout retry charged a customer twice because the request had no idempotency key.'],
  ], queries: [['A customer was charged twice after a network timeout; prevent duplicates', ['payments']], ['Retry payment API calls safely', ['idempotency']]] },
  { tags: ['i18n', 'frontend'], records: [
    ['skill', 'Skill icu-plurals: format plurals with ICU messages', 'Never concatenate counts; use plural categories (one, few, many, other) per locale.'],
  ], queries: [['Translations read "1 items"; handle plural forms in every language', ['i18n']], ['Format messages with counts correctly for Polish and Arabic users', ['frontend']]] },
  { tags: ['ml', 'evaluation'], records: [
    ['skill', 'Skill stratified-split: split imbalanced data for evaluation', 'Stratify by label; keep a time-based holdout when data drifts; never tune on the test set.'],
    ['reflection', 'Reflection on churn-model-3', 'Random splitting leaked future customers into training; a time split dropped AUC from 0.91 to 0.78, the honest figure.'],
  ], queries: [['Our churn model scores look too good; check the train test split', ['ml']], ['Evaluate a classifier fairly on imbalanced labels that change over time', ['evaluation']]] },
];
