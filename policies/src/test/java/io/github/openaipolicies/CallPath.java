// Licensed under the MIT License.
package io.github.openaipolicies;

import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;

/** The two ways through a pipeline; tests run on both so that process and processSync are each covered. */
enum CallPath {
    SYNC, ASYNC;

    HttpResponse send(HttpPipeline pipeline, HttpRequest request) {
        return this == SYNC ? pipeline.sendSync(request, Context.NONE) : pipeline.send(request).block();
    }

    String body(HttpResponse response) {
        return this == SYNC ? response.getBodyAsBinaryData().toString() : response.getBodyAsString().block();
    }
}
