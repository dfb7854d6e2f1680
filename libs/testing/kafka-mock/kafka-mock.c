/*
 * A Kafka wire-protocol cluster for tests: librdkafka's mock cluster (rdkafka_mock.h), driven over stdin.
 *
 *   kafka-mock [--brokers N] [--topic name:partitions[:replication]]...
 *
 * Prints "BOOTSTRAP host:port,..." once, then answers each stdin command with "OK" or "ERR <reason>":
 *   topic <name> <partitions> [replication]   create a topic (the mock has no controller: kafkajs admin calls fail)
 *   down <brokerId> | up <brokerId>            take a broker (1..N) off the network and back
 *   rtt <brokerId> <ms>                        add round-trip latency to a broker
 *   quit                                       stop (EOF or SIGTERM do the same)
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stopping = 0;
static void on_signal(int sig) { (void)sig; stopping = 1; }

static int create_topic(rd_kafka_mock_cluster_t *mc, const char *name, int partitions, int replication) {
  if (partitions < 1 || partitions > 1000) { printf("ERR partitions must be 1..1000\n"); return -1; }
  if (replication < 1) { printf("ERR replication must be at least 1\n"); return -1; }
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, name, partitions, replication);
  if (err) { printf("ERR %s\n", rd_kafka_err2str(err)); return -1; }
  return 0;
}

int main(int argc, char **argv) {
  int brokers = 3;
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--brokers") && i + 1 < argc) brokers = atoi(argv[++i]);
  if (brokers < 1) { fprintf(stderr, "--brokers must be at least 1\n"); return 2; }

  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);

  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  const char *debug = getenv("KAFKA_MOCK_DEBUG");
  if (!debug || strcmp(debug, "1")) rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", errstr); return 1; }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) { fprintf(stderr, "could not start the mock cluster\n"); return 1; }

  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--topic") && i + 1 < argc) {
      char name[256]; int partitions = 1, replication = 1;
      char *spec = argv[++i];
      char *colon = strchr(spec, ':');
      size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
      if (len >= sizeof name) len = sizeof name - 1;
      memcpy(name, spec, len); name[len] = 0;
      if (colon) sscanf(colon + 1, "%d:%d", &partitions, &replication);
      if (create_topic(mc, name, partitions, replication)) return 1;
    }
  }

  printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));

  char line[1024];
  while (!stopping && fgets(line, sizeof line, stdin)) {
    char cmd[32] = {0}, name[256] = {0};
    int a = 0, b = 0;
    int n = sscanf(line, "%31s", cmd);
    if (n < 1) continue;
    if (!strcmp(cmd, "quit")) { printf("OK\n"); break; }
    if (!strcmp(cmd, "topic")) {
      int got = sscanf(line, "%*s %255s %d %d", name, &a, &b);
      if (got < 2) { printf("ERR usage: topic <name> <partitions> [replication]\n"); continue; }
      if (create_topic(mc, name, a, got >= 3 ? b : 1) == 0) printf("OK\n");
    } else if (!strcmp(cmd, "down") || !strcmp(cmd, "up")) {
      if (sscanf(line, "%*s %d", &a) < 1 || a < 1 || a > brokers) { printf("ERR broker id must be 1..%d\n", brokers); continue; }
      rd_kafka_resp_err_t err = !strcmp(cmd, "down") ? rd_kafka_mock_broker_set_down(mc, a) : rd_kafka_mock_broker_set_up(mc, a);
      if (err) printf("ERR %s\n", rd_kafka_err2str(err)); else printf("OK\n");
    } else if (!strcmp(cmd, "rtt")) {
      if (sscanf(line, "%*s %d %d", &a, &b) < 2 || a < 1 || a > brokers || b < 0) { printf("ERR usage: rtt <brokerId> <ms>\n"); continue; }
      rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_rtt(mc, a, b);
      if (err) printf("ERR %s\n", rd_kafka_err2str(err)); else printf("OK\n");
    } else {
      printf("ERR unknown command %s\n", cmd);
    }
  }

  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
