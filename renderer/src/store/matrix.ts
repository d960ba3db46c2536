/**
 * The users × permissions matrix of the security-groups view: searchable,
 * filterable by one permission, paged. Asked again whenever it is shown.
 */
import type { PermissionMatrix } from '../../../shared/api/groups.ts';
import type { PermissionKey } from '../../../shared/catalog/permissions.ts';
import { call } from '../bridge.ts';
import { latestRequest } from './requests.ts';
import { IDLE, LOADING, READY, failed, type LoadState, type SliceCreator } from './types.ts';
import { detach } from '../detach.ts';

/** Rows per `permissions:matrix` page. */
export const MATRIX_PAGE_SIZE = 50;

export interface MatrixView {
  q: string;
  permission: PermissionKey | null;
  offset: number;
  data: PermissionMatrix | null;
  load: LoadState;
}

export interface MatrixSlice {
  matrix: MatrixView;
  setMatrixQuery(q: string): void;
  setMatrixPermission(permission: PermissionKey | null): void;
  pageMatrix(offset: number): void;
  reloadMatrix(): void;
  resetMatrix(): void;
}

const INITIAL_MATRIX: MatrixView = { q: '', permission: null, offset: 0, data: null, load: IDLE };

export const createMatrixSlice: SliceCreator<MatrixSlice> = (set, get) => {
  const request = latestRequest(get);

  async function loadMatrix(): Promise<void> {
    const view = get().matrix;
    set({ matrix: { ...view, load: LOADING } });
    const result = await request.run(() =>
      call('permissions:matrix', {
        offset: view.offset,
        limit: MATRIX_PAGE_SIZE,
        ...(view.q ? { q: view.q } : {}),
        ...(view.permission ? { permission: view.permission } : {}),
      }),
    );
    if (!result) return;
    const current = get().matrix;
    set({
      matrix: result.ok ? { ...current, data: result.value, load: READY } : { ...current, load: failed(result.error) },
    });
  }

  return {
    matrix: INITIAL_MATRIX,

    setMatrixQuery(q) {
      if (get().matrix.q === q) return;
      set((state) => ({ matrix: { ...state.matrix, q, offset: 0 } }));
      detach(loadMatrix());
    },

    setMatrixPermission(permission) {
      set((state) => ({ matrix: { ...state.matrix, permission, offset: 0 } }));
      detach(loadMatrix());
    },

    pageMatrix(offset) {
      set((state) => ({ matrix: { ...state.matrix, offset: Math.max(0, offset) } }));
      detach(loadMatrix());
    },

    reloadMatrix() {
      detach(loadMatrix());
    },

    resetMatrix() {
      request.cancel();
      set({ matrix: INITIAL_MATRIX });
    },
  };
};
