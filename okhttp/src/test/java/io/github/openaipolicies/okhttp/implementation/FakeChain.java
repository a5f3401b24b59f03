// Licensed under the MIT License.
package io.github.openaipolicies.okhttp.implementation;

import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A chain whose {@code proceed} answers from the test, recording every request; its call is never executed. */
final class FakeChain implements Interceptor.Chain {
    private final Request request;
    private final Call call;
    private final List<Request> proceeded = Collections.synchronizedList(new ArrayList<>());
    private final Function<Request, Response> answer;

    FakeChain(Request request, Function<Request, Response> answer) {
        this.request = request;
        this.call = new OkHttpClient().newCall(request);
        this.answer = answer;
    }

    List<Request> proceeded() {
        return proceeded;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Response proceed(Request next) throws IOException {
        proceeded.add(next);
        return answer.apply(next);
    }

    @Override
    public Connection connection() {
        return null;
    }

    @Override
    public Call call() {
        return call;
    }

    @Override
    public int connectTimeoutMillis() {
        return 0;
    }

    @Override
    public Interceptor.Chain withConnectTimeout(int timeout, TimeUnit unit) {
        return this;
    }

    @Override
    public int readTimeoutMillis() {
        return 0;
    }

    @Override
    public Interceptor.Chain withReadTimeout(int timeout, TimeUnit unit) {
        return this;
    }

    @Override
    public int writeTimeoutMillis() {
        return 0;
    }

    @Override
    public Interceptor.Chain withWriteTimeout(int timeout, TimeUnit unit) {
        return this;
    }
}
