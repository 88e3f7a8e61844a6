// The built-in policies as documents (policy-dsl.md §9), embedded so that the engine needs no file
// to run them. They equal scenarios/policies/*.json key for key (a test checks it); that is what
// gives a built-in and {type: Tree, file: <its file>} one policy hash.

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export const FIFO_TREE: { readonly [key: string]: JsonValue } = {
  version: '1.0',
  policy_id: 'fifo_policy',
  payment_tree: {
    type: 'action',
    node_id: 'A1',
    action: 'Release',
    parameters: {}
  },
  strategic_collateral_tree: null,
  end_of_tick_collateral_tree: null,
  parameters: {}
};

export const DEADLINE_TREE: { readonly [key: string]: JsonValue } = {
  version: '1.0',
  policy_id: 'deadline_policy',
  payment_tree: {
    type: 'condition',
    node_id: 'N1',
    condition: {
      op: '<=',
      left: {
        field: 'deadline_tick'
      },
      right: {
        field: 'current_tick'
      }
    },
    on_true: {
      type: 'action',
      node_id: 'A1',
      action: 'Drop',
      parameters: {}
    },
    on_false: {
      type: 'condition',
      node_id: 'N2',
      condition: {
        op: '<=',
        left: {
          field: 'ticks_to_deadline'
        },
        right: {
          param: 'urgency_threshold'
        }
      },
      on_true: {
        type: 'action',
        node_id: 'A2',
        action: 'Release',
        parameters: {}
      },
      on_false: {
        type: 'action',
        node_id: 'A3',
        action: 'Hold',
        parameters: {
          reason: {
            value: 'NearDeadline'
          }
        }
      }
    }
  },
  strategic_collateral_tree: null,
  end_of_tick_collateral_tree: null,
  parameters: {
    urgency_threshold: 5
  }
};

export const LIQUIDITY_AWARE_TREE: { readonly [key: string]: JsonValue } = {
  version: '1.0',
  policy_id: 'liquidity_aware_policy',
  payment_tree: {
    type: 'condition',
    node_id: 'N1',
    condition: {
      op: '<=',
      left: {
        field: 'deadline_tick'
      },
      right: {
        field: 'current_tick'
      }
    },
    on_true: {
      type: 'action',
      node_id: 'A1',
      action: 'Drop',
      parameters: {}
    },
    on_false: {
      type: 'condition',
      node_id: 'N2',
      condition: {
        op: '<=',
        left: {
          field: 'ticks_to_deadline'
        },
        right: {
          param: 'urgency_threshold'
        }
      },
      on_true: {
        type: 'condition',
        node_id: 'N3',
        condition: {
          op: '>=',
          left: {
            field: 'available_liquidity'
          },
          right: {
            field: 'remaining_amount'
          }
        },
        on_true: {
          type: 'action',
          node_id: 'A2',
          action: 'Release',
          parameters: {}
        },
        on_false: {
          type: 'action',
          node_id: 'A3',
          action: 'Hold',
          parameters: {
            reason: {
              value: 'InsufficientLiquidity'
            }
          }
        }
      },
      on_false: {
        type: 'condition',
        node_id: 'N4',
        condition: {
          op: '==',
          left: {
            param: 'target_buffer'
          },
          right: {
            value: 0
          }
        },
        on_true: {
          type: 'condition',
          node_id: 'N5',
          condition: {
            op: '>=',
            left: {
              field: 'available_liquidity'
            },
            right: {
              field: 'remaining_amount'
            }
          },
          on_true: {
            type: 'action',
            node_id: 'A4',
            action: 'Release',
            parameters: {}
          },
          on_false: {
            type: 'action',
            node_id: 'A5',
            action: 'Hold',
            parameters: {
              reason: {
                value: 'InsufficientLiquidity'
              }
            }
          }
        },
        on_false: {
          type: 'condition',
          node_id: 'N6',
          condition: {
            op: '<',
            left: {
              compute: {
                op: '-',
                left: {
                  field: 'balance'
                },
                right: {
                  field: 'remaining_amount'
                }
              }
            },
            right: {
              param: 'target_buffer'
            }
          },
          on_true: {
            type: 'action',
            node_id: 'A6',
            action: 'Hold',
            parameters: {
              reason: {
                value: 'InsufficientLiquidity'
              }
            }
          },
          on_false: {
            type: 'action',
            node_id: 'A7',
            action: 'Release',
            parameters: {}
          }
        }
      }
    }
  },
  strategic_collateral_tree: null,
  end_of_tick_collateral_tree: null,
  parameters: {
    target_buffer: 50000,
    urgency_threshold: 5
  }
};

export const LIQUIDITY_SPLITTING_TREE: { readonly [key: string]: JsonValue } = {
  version: '1.0',
  policy_id: 'liquidity_splitting_policy',
  payment_tree: {
    type: 'condition',
    node_id: 'N1',
    condition: {
      op: '<=',
      left: {
        field: 'deadline_tick'
      },
      right: {
        field: 'current_tick'
      }
    },
    on_true: {
      type: 'action',
      node_id: 'A1',
      action: 'Drop'
    },
    on_false: {
      type: 'condition',
      node_id: 'N2',
      condition: {
        op: '<=',
        left: {
          field: 'ticks_to_deadline'
        },
        right: {
          value: 5
        }
      },
      on_true: {
        type: 'condition',
        node_id: 'N3',
        condition: {
          op: '>=',
          left: {
            field: 'balance'
          },
          right: {
            field: 'amount'
          }
        },
        on_true: {
          type: 'action',
          node_id: 'A2',
          action: 'Release'
        },
        on_false: {
          type: 'condition',
          node_id: 'N4',
          condition: {
            op: '>',
            left: {
              field: 'balance'
            },
            right: {
              value: 0
            }
          },
          on_true: {
            type: 'condition',
            node_id: 'N7',
            condition: {
              op: '<',
              left: {
                field: 'amount'
              },
              right: {
                compute: {
                  op: '*',
                  left: {
                    value: 2
                  },
                  right: {
                    compute: {
                      op: 'max',
                      values: [
                        {
                          param: 'min_split_amount'
                        },
                        {
                          value: 1
                        }
                      ]
                    }
                  }
                }
              }
            },
            on_true: {
              type: 'action',
              node_id: 'A8',
              action: 'Release'
            },
            on_false: {
              type: 'action',
              node_id: 'A3',
              action: 'Split',
              parameters: {
                num_splits: {
                  compute: {
                    op: 'min',
                    values: [
                      {
                        param: 'max_splits'
                      },
                      {
                        compute: {
                          op: 'floor',
                          value: {
                            compute: {
                              op: '/',
                              left: {
                                field: 'amount'
                              },
                              right: {
                                compute: {
                                  op: 'max',
                                  values: [
                                    {
                                      param: 'min_split_amount'
                                    },
                                    {
                                      value: 1
                                    }
                                  ]
                                }
                              }
                            }
                          }
                        }
                      }
                    ]
                  }
                }
              }
            }
          },
          on_false: {
            type: 'action',
            node_id: 'A4',
            action: 'Hold',
            parameters: {
              reason: {
                value: 'InsufficientLiquidity'
              }
            }
          }
        }
      },
      on_false: {
        type: 'condition',
        node_id: 'N5',
        condition: {
          op: '>=',
          left: {
            field: 'balance'
          },
          right: {
            field: 'amount'
          }
        },
        on_true: {
          type: 'action',
          node_id: 'A5',
          action: 'Release'
        },
        on_false: {
          type: 'condition',
          node_id: 'N6',
          condition: {
            op: '>',
            left: {
              field: 'balance'
            },
            right: {
              value: 0
            }
          },
          on_true: {
            type: 'condition',
            node_id: 'N8',
            condition: {
              op: '<',
              left: {
                field: 'amount'
              },
              right: {
                compute: {
                  op: '*',
                  left: {
                    value: 2
                  },
                  right: {
                    compute: {
                      op: 'max',
                      values: [
                        {
                          param: 'min_split_amount'
                        },
                        {
                          value: 1
                        }
                      ]
                    }
                  }
                }
              }
            },
            on_true: {
              type: 'action',
              node_id: 'A9',
              action: 'Release'
            },
            on_false: {
              type: 'action',
              node_id: 'A7',
              action: 'Split',
              parameters: {
                num_splits: {
                  value: 2
                }
              }
            }
          },
          on_false: {
            type: 'action',
            node_id: 'A6',
            action: 'Hold',
            parameters: {
              reason: {
                value: 'InsufficientLiquidity'
              }
            }
          }
        }
      }
    }
  },
  strategic_collateral_tree: null,
  end_of_tick_collateral_tree: null,
  parameters: {
    max_splits: 4,
    min_split_amount: 10000
  }
};
