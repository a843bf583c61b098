import { dataOrThrow } from './client';

/**
 * Saves a file the API answers (a .docx or .xlsx) under the name it gives in
 * Content-Disposition. The call goes through the typed client with `parseAs: 'blob'`, so the
 * bearer token goes with it and an error answer is an ApiError like any other.
 */
export async function saveDownload(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fallbackName: string,
): Promise<void> {
  const { data } = await dataOrThrow(call);
  const { response } = await call;
  const named = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(data as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = named ? decodeURIComponent(named) : fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
