using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using PresenceCluster.Errors;

namespace PresenceCluster.Http.Errors;

/// <summary>
/// The one place a typed refusal from the cluster becomes an HTTP answer: problem details with the status that says
/// what kind of refusal it was and the exception's own message (which names the input and what is allowed). Anything
/// else is a 500 whose details stay in the log.
/// </summary>
public sealed partial class PresenceExceptionHandler(IProblemDetailsService problems, ILogger<PresenceExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            InvalidInputException => (StatusCodes.Status400BadRequest, "Invalid request"),
            NotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            LimitReachedException => (StatusCodes.Status409Conflict, "Limit reached"),
            NotConfiguredException => (StatusCodes.Status503ServiceUnavailable, "Not configured"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            OrleansException or TimeoutException => (StatusCodes.Status503ServiceUnavailable, "Cluster unavailable"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error"),
        };
        var context = httpContext;
        if (status >= 500)
        {
            LogFailed(logger, exception, context.Request.Method, context.Request.Path);
        }

        var detail = exception is PresenceClusterException or BadHttpRequestException ? exception.Message
            : status == StatusCodes.Status503ServiceUnavailable ? "The cluster could not answer in time; the request may be retried."
            : "The request failed; the silo's log has the details.";
        if (Graph.GraphError.IsGraphRequest(context))
        {
            await Graph.GraphError.WriteAsync(context, status, detail);
            return true;
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = detail,
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path);
}
