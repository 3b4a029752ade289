using PresenceCluster.Auth;

namespace PresenceCluster.OAuth;

/// <summary>Fetches partners' metadata documents over HTTP, with a time limit and a size cap.</summary>
public sealed class PartnerMetadataClient(HttpClient http)
{
    /// <summary>The largest document read.</summary>
    public const int MaxDocumentBytes = 1 << 20;

    /// <summary>The partner's document; <see cref="PartnerMetadataException"/> says why there is none.</summary>
    public async Task<MetadataDocument> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new PartnerMetadataException($"{url} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > MaxDocumentBytes)
            {
                throw new PartnerMetadataException($"{url} sent more than {MaxDocumentBytes} bytes");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxDocumentBytes + 1];
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > MaxDocumentBytes)
                {
                    throw new PartnerMetadataException($"{url} sent more than {MaxDocumentBytes} bytes");
                }
            }

            json = System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (HttpRequestException exception)
        {
            throw new PartnerMetadataException($"{url} could not be fetched ({exception.Message})", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PartnerMetadataException($"{url} did not answer within {http.Timeout.TotalSeconds:0} s", exception);
        }

        return MetadataDocument.TryParse(json, out var document, out var problem)
            ? document!
            : throw new PartnerMetadataException($"{url}: {problem}");
    }
}
