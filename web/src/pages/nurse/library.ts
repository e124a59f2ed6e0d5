import type { LibraryArticle, LibraryResponse } from '../../../../server/contracts/nurse';
import { api } from '../../console/api';

/** The library's catalogue (GET /api/nurse/library), loaded once per sign-in: articles' audience and topics. */
export function createLibrary() {
  let loading: Promise<LibraryResponse> | null = null;
  let byId = new Map<string, LibraryArticle>();
  return {
    load(): Promise<LibraryResponse> {
      loading ??= api<LibraryResponse>('/api/nurse/library').then((lib) => {
        byId = new Map(lib.articles.map((a) => [a.id, a]));
        return lib;
      });
      loading.catch(() => (loading = null));
      return loading;
    },
    article: (id: string) => byId.get(id),
    reset() {
      loading = null;
      byId = new Map();
    },
  };
}
export type Library = ReturnType<typeof createLibrary>;
