/**
 * OTLP protobuf requests for tests that send through the receivers, built the way an SDK builds them, so that
 * end-to-end tests state only what differs (the spans' times, the records' lines) and not the envelope around
 * it. Uses the generated OTLP classes alone, no Tracemate module.
 */
package io.tracemate.testing.otlp;
