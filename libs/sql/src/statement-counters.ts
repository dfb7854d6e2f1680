/**
 * What this process sent to its database, counted on the client: statements (each query or script, savepoints
 * included, BEGIN and COMMIT not), transactions opened and committed. Read by the metrics endpoint
 * (`baton_sql_*_total`) and so by the load benchmark's cost per inbound message.
 */
export const sqlCounters = { statements: 0, transactions: 0, commits: 0 };
