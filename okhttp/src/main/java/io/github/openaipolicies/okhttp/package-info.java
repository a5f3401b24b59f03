// Licensed under the MIT License.
/**
 * The OkHttp adapter: {@link io.github.openaipolicies.okhttp.OpenAIPolicyInterceptor}, an application interceptor
 * that gives every call the Retry-After retry, the throttle gate shared by every call to a deployment, exactly one
 * credential per attempt, one log line per attempt and the metrics, for any OkHttp client that calls Azure OpenAI or
 * api.openai.com: Spring AI 2.0's OpenAI client, openai-java over OkHttp, or your own.
 *
 * <pre>{@code
 * OkHttpClient http = new OkHttpClient.Builder()
 *     .addInterceptor(new OpenAIPolicyInterceptor())
 *     .build();
 * }</pre>
 */
package io.github.openaipolicies.okhttp;
